import YAML

/// The request that submits an action to Ray's Jobs API (`POST /api/jobs/`).
///
/// - The working_dir is the plugin's archive and the runtime goes in `py_modules`, both as
///   content-addressed packages already on the cluster.
/// - Everything the entrypoint needs is in `env_vars`, because the entrypoint is a shell
///   string: nothing built from user data is ever spliced into it.
/// - config.yaml's `runtime_env` is the base; its `env_vars` are overlaid by config.yaml's
///   `env`, then by synapse's variables. Its `py_modules` keep theirs after the runtime. A
///   `pip`, `uv` or `conda` it names is left as written; otherwise requirements.txt and the
///   bundled wheels become the `pip` (or `uv`, per `package_manager`) section.
public struct RayJobSpec: Sendable {
  public enum Mode: String, Sendable {
    /// The job's entrypoint runs the action.
    case job
    /// The entrypoint is a driver that runs the action as a Ray task.
    case task
  }

  public var mode: Mode
  public var submissionID: String
  public var header: PluginHeader
  public var action: String
  public var paramsJSON: String
  public var workingDirPackage: String
  public var runtimePackage: String
  /// SHA-256 of the archive, recorded in the job's metadata.
  public var archiveSHA256: String
  public var cpus: Double?
  public var gpus: Double?
  public var config: RayJobConfig
  /// requirements.txt's text, if the plugin has one.
  public var requirements: String?
  /// Wheel files bundled with the plugin, relative to it (`wheels/x-1.0-py3-none-any.whl`).
  public var wheels: [String]
  public var packageManager: String
  public var packageManagerOptions: [String]
  /// More variables for the action (the backend's host and token when configured).
  public var extraEnv: [(key: String, value: String)]

  public init(
    mode: Mode, submissionID: String, header: PluginHeader, action: String, paramsJSON: String,
    workingDirPackage: String, runtimePackage: String, archiveSHA256: String, cpus: Double?, gpus: Double?,
    config: RayJobConfig, requirements: String?, wheels: [String], packageManager: String = "pip",
    packageManagerOptions: [String] = [], extraEnv: [(key: String, value: String)] = []
  ) {
    self.mode = mode
    self.submissionID = submissionID
    self.header = header
    self.action = action
    self.paramsJSON = paramsJSON
    self.workingDirPackage = workingDirPackage
    self.runtimePackage = runtimePackage
    self.archiveSHA256 = archiveSHA256
    self.cpus = cpus
    self.gpus = gpus
    self.config = config
    self.requirements = requirements
    self.wheels = wheels
    self.packageManager = packageManager
    self.packageManagerOptions = packageManagerOptions
    self.extraEnv = extraEnv
  }

  /// Linux limits one environment string to 128 KiB; this leaves room for the name.
  public static let maxParamsBytes = 100_000
  public static let entrypoint = "python -m synapse_sdk.plugins.job_entry"
  /// Where Ray unpacks the working_dir, as pip sees it in a requirements file.
  static let workingDirVariable = "${RAY_RUNTIME_ENV_CREATE_WORKING_DIR}"

  /// The JSON body of the submission.
  public func request() throws(RayError) -> YAMLValue {
    guard paramsJSON.utf8.count <= Self.maxParamsBytes else {
      throw .paramsTooLarge(size: paramsJSON.utf8.count, limit: Self.maxParamsBytes)
    }
    var body: [(key: String, value: YAMLValue)] = [
      ("entrypoint", .string(Self.entrypoint)),
      ("submission_id", .string(submissionID)),
      ("runtime_env", .mapping(runtimeEnv())),
      (
        "metadata",
        .mapping([
          ("synapse_plugin", .string(header.code)), ("synapse_version", .string(header.version)),
          ("synapse_action", .string(action)), ("synapse_mode", .string(mode.rawValue)),
          ("synapse_archive_sha256", .string(archiveSHA256)),
        ])
      ),
    ]
    if mode == .job {
      if let cpus { body.append(("entrypoint_num_cpus", Self.number(cpus))) }
      if let gpus { body.append(("entrypoint_num_gpus", Self.number(gpus))) }
    }
    return .mapping(body)
  }

  func runtimeEnv() -> [(key: String, value: YAMLValue)] {
    var env = config.runtimeEnv.filter { !["working_dir", "py_modules", "env_vars"].contains($0.key) }
    env.insert(("working_dir", .string("gcs://" + workingDirPackage)), at: 0)
    var modules: [YAMLValue] = [.string("gcs://" + runtimePackage)]
    if case .sequence(let theirs)? = config.runtimeEnv.first(where: { $0.key == "py_modules" })?.value {
      modules += theirs
    }
    env.insert(("py_modules", .sequence(modules)), at: 1)
    if !env.contains(where: { ["pip", "uv", "conda"].contains($0.key) }), let section = packageSection() {
      env.append(section)
    }
    env.append(("env_vars", .mapping(environment())))
    return env
  }

  /// The job's variables: runtime_env's, then config env, then synapse's (later wins).
  func environment() -> [(key: String, value: YAMLValue)] {
    var vars: [(key: String, value: YAMLValue)] = []
    func set(_ key: String, _ value: String) {
      if let index = vars.firstIndex(where: { $0.key == key }) {
        vars[index].value = .string(value)
      } else {
        vars.append((key, .string(value)))
      }
    }
    if case .mapping(let theirs)? = config.runtimeEnv.first(where: { $0.key == "env_vars" })?.value {
      for (key, value) in theirs {
        switch value {
        case .string(let s): set(key, s)
        case .int(let i): set(key, String(i))
        case .float(let f): set(key, f)
        case .bool(let b): set(key, b ? "true" : "false")
        default: set(key, "")
        }
      }
    }
    for (key, value) in config.env { set(key, value) }
    for (key, value) in extraEnv { set(key, value) }
    set("SYNAPSE_ACTION", action)
    if let entrypoint = config.entrypoint { set("SYNAPSE_ACTION_ENTRYPOINT", entrypoint) }
    set("SYNAPSE_ACTION_PARAMS", paramsJSON)
    set("SYNAPSE_JOB_ID", submissionID)
    set("SYNAPSE_RUN_MODE", mode.rawValue)
    if mode == .task {
      if let cpus { set("SYNAPSE_TASK_NUM_CPUS", Self.numberText(cpus)) }
      if let gpus { set("SYNAPSE_TASK_NUM_GPUS", Self.numberText(gpus)) }
    }
    // Prints reach the log (and the terminal following it) as they are made.
    set("PYTHONUNBUFFERED", "1")
    return vars
  }

  /// requirements.txt (with the bundled wheels as a place to find them) as Ray's `pip` (or
  /// `uv`) section, nil when there is nothing to install. Lines go to the requirements file Ray writes, so options
  /// such as `--find-links wheels` stay lines; their relative paths are made relative to
  /// where Ray unpacks the plugin, which pip expands from the environment.
  func packageSection() -> (key: String, value: YAMLValue)? {
    var packages: [YAMLValue] = []
    for raw in (requirements ?? "").split(whereSeparator: \.isNewline) {
      var line = String(raw)
      if let comment = line.firstRange(of: " #") { line = String(line[..<comment.lowerBound]) }
      line = line.trimmingASCIIWhitespace
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      packages.append(.string(Self.anchoringPaths(line)))
    }
    guard !packages.isEmpty else { return nil }
    // Bundled wheels are a place to find requirements in, as for the local environment:
    // pip takes a listed requirement from them first and installs nothing unlisted.
    let wheelDirectories = Set(wheels.map { wheel in wheel.lastIndex(of: "/").map { String(wheel[..<$0]) } ?? "." })
    for directory in wheelDirectories.sorted().reversed() {
      let line = YAMLValue.string("--find-links " + Self.workingDirVariable + "/" + directory)
      if !packages.contains(line) { packages.insert(line, at: 0) }
    }
    if packageManager == "uv" {
      var section: [(key: String, value: YAMLValue)] = [("packages", .sequence(packages))]
      if !packageManagerOptions.isEmpty {
        section.append(("uv_pip_install_options", .sequence(packageManagerOptions.map { .string($0) })))
      }
      return ("uv", .mapping(section))
    }
    var section: [(key: String, value: YAMLValue)] = [("packages", .sequence(packages))]
    if !packageManagerOptions.isEmpty {
      let options = ["--disable-pip-version-check", "--no-cache-dir"] + packageManagerOptions
      section.append(("pip_install_options", .sequence(options.map { .string($0) })))
    }
    return ("pip", .mapping(section))
  }

  /// `-r other.txt`, `--find-links wheels`, `-c constraints.txt`, `./pkg`: paths relative to
  /// the plugin, anchored where Ray unpacks it.
  static func anchoringPaths(_ line: String) -> String {
    let pathOptions = ["-r", "--requirement", "-c", "--constraint", "-f", "--find-links"]
    for option in pathOptions {
      for separator in [" ", "="] where line.hasPrefix(option + separator) {
        let value = String(line.dropFirst(option.count + 1)).trimmingASCIIWhitespace
        guard isRelativePath(value) else { return line }
        return option + separator + workingDirVariable + "/" + value
      }
    }
    if line.hasPrefix("./") || line.hasPrefix("../") { return workingDirVariable + "/" + line }
    return line
  }

  private static func isRelativePath(_ value: String) -> Bool {
    !value.isEmpty && !value.hasPrefix("/") && !value.hasPrefix("$") && !value.contains("://")
  }

  static func number(_ value: Double) -> YAMLValue {
    value.rounded() == value && abs(value) < 1e15 ? .int(Int(value)) : .float(String(value))
  }

  static func numberText(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
