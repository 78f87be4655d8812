import Schema
import Testing
import YAML

@testable import Stages

@Suite struct RayJobSpecTests {
  static let header = PluginHeader(name: "Demo", code: "demo", version: "1.2.0")

  func spec(
    mode: RayJobSpec.Mode = .job, params: String = #"{"n": 1}"#, cpus: Double? = nil, gpus: Double? = nil,
    config: RayJobConfig = RayJobConfig(), requirements: String? = nil, wheels: [String] = [],
    packageManager: String = "pip", options: [String] = [], extraEnv: [(key: String, value: String)] = []
  ) -> RayJobSpec {
    RayJobSpec(
      mode: mode, submissionID: "synapse-demo-train-00000000abcd", header: Self.header, action: "train",
      paramsJSON: params, workingDirPackage: "_ray_pkg_plugin.zip", runtimePackage: "_ray_pkg_runtime.zip",
      archiveSHA256: "ab12", cpus: cpus, gpus: gpus, config: config, requirements: requirements, wheels: wheels,
      packageManager: packageManager, packageManagerOptions: options, extraEnv: extraEnv)
  }

  /// The `runtime_env` of the submission body.
  func runtimeEnv(_ spec: RayJobSpec) throws -> YAMLValue {
    try #require(try spec.request()["runtime_env"])
  }

  /// `runtime_env.env_vars` as ordered pairs of strings.
  func envVars(_ spec: RayJobSpec) throws -> [String] {
    guard case .mapping(let pairs)? = try runtimeEnv(spec)["env_vars"] else {
      Issue.record("no env_vars mapping")
      return []
    }
    return pairs.map { pair in
      guard case .string(let value) = pair.value else { return "\(pair.key) is not a string: \(pair.value)" }
      return "\(pair.key)=\(value)"
    }
  }

  func keys(_ value: YAMLValue?) -> [String] {
    guard case .mapping(let pairs)? = value else { return [] }
    return pairs.map(\.key)
  }

  // MARK: - Body

  @Test func bodyHasTheFixedEntrypointAndMetadata() throws {
    let body = try spec(params: #"{"path": "'; rm -rf / #"}"#).request()
    #expect(keys(body) == ["entrypoint", "submission_id", "runtime_env", "metadata"])
    #expect(body["entrypoint"] == .string("python -m synapse_sdk.plugins.job_entry"))
    #expect(body["submission_id"] == .string("synapse-demo-train-00000000abcd"))
    #expect(
      body["metadata"]
        == .mapping([
          ("synapse_plugin", .string("demo")), ("synapse_version", .string("1.2.0")),
          ("synapse_action", .string("train")), ("synapse_mode", .string("job")),
          ("synapse_archive_sha256", .string("ab12")),
        ]))
    // The body survives the JSON encoding it is sent in.
    let json = PythonJSON.encode(body)
    #expect(try JSONReader.parse(Array(json.utf8)) == body)
  }

  @Test func jobModeAsksRayForTheResources() throws {
    let body = try spec(mode: .job, cpus: 2, gpus: 0.5).request()
    #expect(body["entrypoint_num_cpus"] == .int(2))
    #expect(body["entrypoint_num_gpus"] == .float("0.5"))
    let env = try envVars(spec(mode: .job, cpus: 2, gpus: 0.5))
    #expect(!env.contains { $0.hasPrefix("SYNAPSE_TASK_NUM_") })
    #expect(env.contains("SYNAPSE_RUN_MODE=job"))
  }

  @Test func taskModePassesTheResourcesToTheTask() throws {
    let task = spec(mode: .task, cpus: 4, gpus: 0.25)
    let body = try task.request()
    #expect(body["entrypoint_num_cpus"] == nil)
    #expect(body["entrypoint_num_gpus"] == nil)
    #expect(body["metadata"]?["synapse_mode"] == .string("task"))
    let env = try envVars(task)
    #expect(env.contains("SYNAPSE_TASK_NUM_CPUS=4"))
    #expect(env.contains("SYNAPSE_TASK_NUM_GPUS=0.25"))
    #expect(env.contains("SYNAPSE_RUN_MODE=task"))
  }

  @Test func noResourcesNoResourceFields() throws {
    #expect(keys(try spec(mode: .job).request()).allSatisfy { !$0.hasPrefix("entrypoint_num") })
    #expect(try envVars(spec(mode: .task)).allSatisfy { !$0.hasPrefix("SYNAPSE_TASK_NUM_") })
  }

  @Test func paramsAreLimitedInBytes() throws {
    let limit = RayJobSpec.maxParamsBytes
    #expect(limit == 100_000)
    let atLimit = String(repeating: "x", count: limit)
    #expect(try envVars(spec(params: atLimit)).contains("SYNAPSE_ACTION_PARAMS=" + atLimit))
    #expect(throws: RayError.paramsTooLarge(size: limit + 1, limit: limit)) {
      try spec(params: String(repeating: "x", count: limit + 1)).request()
    }
    // Two bytes per "é": under the limit in characters, over it in bytes.
    let wide = String(repeating: "é", count: limit / 2 + 1)
    #expect(throws: RayError.paramsTooLarge(size: limit + 2, limit: limit)) { try spec(params: wide).request() }
  }

  // MARK: - runtime_env

  @Test func packagesComeFirstAndTheUsersModulesFollowTheRuntime() throws {
    var config = RayJobConfig()
    config.runtimeEnv = [
      ("working_dir", .string("s3://theirs.zip")),
      ("nsight", .string("default")),
      ("py_modules", .sequence([.string("gcs://their_module.zip"), .string("s3://b/other.whl")])),
      ("config", .mapping([("setup_timeout_seconds", .int(1200))])),
    ]
    let env = try runtimeEnv(spec(config: config))
    #expect(keys(env) == ["working_dir", "py_modules", "nsight", "config", "env_vars"])
    #expect(env["working_dir"] == .string("gcs://_ray_pkg_plugin.zip"))
    #expect(
      env["py_modules"]
        == .sequence([
          .string("gcs://_ray_pkg_runtime.zip"), .string("gcs://their_module.zip"), .string("s3://b/other.whl"),
        ]))
    #expect(env["config"] == .mapping([("setup_timeout_seconds", .int(1200))]))
  }

  @Test func environmentLayersRuntimeEnvThenConfigEnvThenSynapse() throws {
    var config = RayJobConfig()
    config.runtimeEnv = [
      (
        "env_vars",
        .mapping([
          ("FROM_RUNTIME", .string("r")), ("SHARED", .string("runtime")), ("COUNT", .int(3)),
          ("RATE", .float("0.5")), ("FLAG", .bool(true)), ("EMPTY", .null), ("SYNAPSE_JOB_ID", .string("forged")),
        ])
      )
    ]
    config.env = [("SHARED", "env"), ("FROM_ENV", "e"), ("SYNAPSE_ACTION", "forged"), ("BACKEND", "config")]
    config.entrypoint = "plugin.train.run"
    let env = try envVars(
      spec(config: config, extraEnv: [("BACKEND", "https://backend.example"), ("SYNAPSE_RUN_MODE", "forged")]))
    #expect(
      env == [
        "FROM_RUNTIME=r", "SHARED=env", "COUNT=3", "RATE=0.5", "FLAG=true", "EMPTY=",
        "SYNAPSE_JOB_ID=synapse-demo-train-00000000abcd", "FROM_ENV=e", "SYNAPSE_ACTION=train",
        "BACKEND=https://backend.example", "SYNAPSE_RUN_MODE=job", "SYNAPSE_ACTION_ENTRYPOINT=plugin.train.run",
        #"SYNAPSE_ACTION_PARAMS={"n": 1}"#, "PYTHONUNBUFFERED=1",
      ])
  }

  @Test func noEntrypointNoEntrypointVariable() throws {
    #expect(try envVars(spec()).allSatisfy { !$0.hasPrefix("SYNAPSE_ACTION_ENTRYPOINT=") })
  }

  @Test func requirementsBecomePipLinesAnchoredAtTheWorkingDir() throws {
    let requirements = """
      # training deps
      numpy==1.26.4
      torch>=2.1  # pinned by CI
      -r extra.txt
      --requirement=more/reqs.txt
      -c /abs/constraints.txt
      --constraint ${HOME}/c.txt
      --find-links wheels
      -f https://download.example/whl
      --index-url https://pypi.example/simple
      ./vendored/pkg
      ../sibling
      \t
      pkg @ https://example.invalid/pkg.zip#sha256=00

      """
    // The bundled wheels' directory is already a --find-links line here: not added twice.
    let env = try runtimeEnv(spec(requirements: requirements, wheels: ["wheels/a-1.0-py3-none-any.whl"]))
    let w = "${RAY_RUNTIME_ENV_CREATE_WORKING_DIR}"
    #expect(
      env["pip"]
        == .mapping([
          (
            "packages",
            .sequence(
              [
                "numpy==1.26.4", "torch>=2.1", "-r \(w)/extra.txt", "--requirement=\(w)/more/reqs.txt",
                "-c /abs/constraints.txt", "--constraint ${HOME}/c.txt", "--find-links \(w)/wheels",
                "-f https://download.example/whl", "--index-url https://pypi.example/simple", "\(w)/./vendored/pkg",
                "\(w)/../sibling", "pkg @ https://example.invalid/pkg.zip#sha256=00",
              ].map { .string($0) })
          )
        ]))
    #expect(keys(env) == ["working_dir", "py_modules", "pip", "env_vars"])
  }

  @Test func windowsLineEndingsInRequirements() throws {
    let env = try runtimeEnv(spec(requirements: "numpy\r\n-r extra.txt\r\n"))
    #expect(
      env["pip"]?["packages"]
        == .sequence([.string("numpy"), .string("-r ${RAY_RUNTIME_ENV_CREATE_WORKING_DIR}/extra.txt")]))
  }

  @Test func nothingToInstallNoPackageSection() throws {
    let env = try runtimeEnv(spec(requirements: "# only a comment\n\n"))
    #expect(keys(env) == ["working_dir", "py_modules", "env_vars"])
    #expect(keys(try runtimeEnv(spec(requirements: nil))) == ["working_dir", "py_modules", "env_vars"])
  }

  @Test func pipOptionsKeepRaysDefaults() throws {
    let env = try runtimeEnv(spec(requirements: "six\n", options: ["--extra-index-url", "https://x.example"]))
    #expect(
      env["pip"]?["pip_install_options"]
        == .sequence(
          ["--disable-pip-version-check", "--no-cache-dir", "--extra-index-url", "https://x.example"].map {
            .string($0)
          }))
  }

  @Test func uvPackageManagerWritesAUvSection() throws {
    let env = try runtimeEnv(spec(requirements: "six\n", wheels: ["wheels/w.whl"], packageManager: "uv"))
    #expect(env["pip"] == nil)
    #expect(
      env["uv"]
        == .mapping([
          // Bundled wheels are where requirements are looked for first, not installed as such.
          ("packages", .sequence([.string("--find-links ${RAY_RUNTIME_ENV_CREATE_WORKING_DIR}/wheels"), .string("six")]))
        ]))
    let withOptions = try runtimeEnv(spec(requirements: "six\n", packageManager: "uv", options: ["--prerelease=allow"]))
    #expect(withOptions["uv"]?["uv_pip_install_options"] == .sequence([.string("--prerelease=allow")]))
  }

  @Test(arguments: ["pip", "uv", "conda"])
  func theUsersOwnPackageSectionIsLeftAlone(_ key: String) throws {
    var config = RayJobConfig()
    let theirs: YAMLValue = key == "conda" ? .string("my-env") : .sequence([.string("their-package==1")])
    config.runtimeEnv = [(key, theirs)]
    let env = try runtimeEnv(spec(config: config, requirements: "numpy\n", wheels: ["wheels/w.whl"]))
    #expect(env[key] == theirs)
    #expect(keys(env).filter { ["pip", "uv", "conda"].contains($0) } == [key])
  }
}
