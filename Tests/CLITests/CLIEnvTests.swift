import Foundation
import TestSupport
import Testing

/// `synapse plugin env`: the plugin's environment, keyed by its requirements, wheels,
/// interpreter and package manager, built once under the cache and reused.
@Suite struct CLIEnvTests {
  let fixture = CLIFixture()

  /// No package index can be reached: whatever installs must come from local wheels.
  static let offline = ["PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_RETRIES": "0", "PIP_TIMEOUT": "1"]

  func env(_ plugin: String, _ extra: [String] = [], environment: [String: String] = offline) throws
    -> (ProcessResult, [String: Any])
  {
    try fixture.json(["plugin", "env", "-p", plugin] + extra, environment: environment)
  }

  /// A created plugin that needs `synapse-localdep` from its wheels directory.
  func pluginNeedingALocalWheel() throws -> String {
    let plugin = try fixture.createPlugin()
    try fixture.writeWheel(into: plugin + "/wheels", distribution: "synapse-localdep")
    try "synapse-localdep==1.0\n".write(toFile: plugin + "/requirements.txt", atomically: true, encoding: .utf8)
    return plugin
  }

  func environments() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: fixture.cache.url("envs"))) ?? [])
      .filter { !$0.hasSuffix(".lock") }.sorted()
  }

  func importValue(_ python: String, _ module: String) -> String {
    let r = ProcessRunner.run(python, ["-c", "import \(module); print(\(module).VALUE)"], unsetting: ["PYTHONPATH"])
    return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + r.stderr
  }

  @Test func aPluginWithoutRequirementsRunsOnTheInterpreterItself() throws {
    let plugin = try fixture.createPlugin()
    let (first, json) = try env(plugin)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(json["kind"] as? String == "base")
    let python = try #require(json["python"] as? String)
    #expect(FileManager.default.isExecutableFile(atPath: python))
    #expect(environments().isEmpty)
    let human = fixture.synapse(["plugin", "env", "-p", plugin])
    #expect(human.stdout == python + "\n")
    #expect(human.stderr.hasPrefix("cached: no requirements"), "\(human.stderr)")
  }

  @Test func aLocalWheelIsInstalledOfflineOnceAndThenReused() throws {
    let plugin = try pluginNeedingALocalWheel()
    let before = try fixture.treeSnapshot(plugin)
    let (first, json) = try env(plugin)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(json["kind"] as? String == "venv" && json["status"] as? String == "built")
    let python = try #require(json["python"] as? String)
    let environment = try #require(json["environment"] as? String)
    #expect(python == environment + "/bin/python")
    #expect(environment.hasPrefix(fixture.cache.url("envs/")))
    #expect(importValue(python, "synapse_localdep") == "42")
    // The runtime's dependencies come from the base interpreter, without network.
    #expect(ProcessRunner.run(python, ["-c", "import pydantic, pytest, yaml"]).status == 0)
    let marker = try String(contentsOfFile: environment + "/synapse-environment.json", encoding: .utf8)
    #expect(marker.contains(#""offline":true"#), "\(marker)")
    let built = try fixture.identity(environment + "/synapse-environment.json")
    let site = try fixture.identity(environment + "/lib")

    // Unchanged: a cache hit, and the environment is the very same files.
    let (second, again) = try env(plugin)
    #expect(second.status == 0)
    #expect(again["status"] as? String == "cached" && again["python"] as? String == python)
    #expect(again.stageReason("env") == "cache hit")
    #expect(try fixture.identity(environment + "/synapse-environment.json") == built)
    #expect(try fixture.identity(environment + "/lib") == site)

    // Another checkout of the same plugin shares it.
    let copy = fixture.scratch.url("checkout-2")
    try FileManager.default.copyItem(atPath: plugin, toPath: copy)
    let (_, other) = try env(copy)
    #expect(other["status"] as? String == "cached" && other["python"] as? String == python)

    // With the action cache gone, the stage runs, finds the finished environment and keeps it.
    try FileManager.default.removeItem(atPath: fixture.cache.url("ac"))
    let (_, rerun) = try env(plugin)
    #expect(rerun["python"] as? String == python)
    #expect(try fixture.identity(environment + "/synapse-environment.json") == built)
    #expect(environments().count == 1)
    #expect(try fixture.treeSnapshot(plugin) == before)
  }

  @Test func aRequirementsChangeBuildsAnotherEnvironment() throws {
    let plugin = try pluginNeedingALocalWheel()
    try fixture.writeWheel(into: plugin + "/wheels", distribution: "synapse-otherdep", value: 7)
    let (_, first) = try env(plugin)
    let one = try #require(first["python"] as? String)
    #expect(importValue(one, "synapse_otherdep").contains("ModuleNotFoundError"))

    try "synapse-localdep==1.0\nsynapse-otherdep\n".write(
      toFile: plugin + "/requirements.txt", atomically: true, encoding: .utf8)
    let (changed, second) = try env(plugin)
    #expect(changed.status == 0, "\(changed.stderr)")
    #expect(second["status"] as? String == "built")
    #expect(second.stageReason("env") == "file requirements.txt changed")
    let two = try #require(second["python"] as? String)
    #expect(two != one)
    #expect(importValue(two, "synapse_otherdep") == "7" && importValue(two, "synapse_localdep") == "42")

    // A new wheel in wheels/ is a new environment too.
    try fixture.writeWheel(into: plugin + "/wheels", distribution: "synapse-otherdep", version: "2.0", value: 8)
    let (_, third) = try env(plugin)
    let three = try #require(third["python"] as? String)
    #expect(third.stageReason("env")?.contains("wheels/synapse_otherdep-2.0-py3-none-any.whl added") == true)
    #expect(importValue(three, "synapse_otherdep") == "8")

    // Going back finds the first environment where it was.
    try FileManager.default.removeItem(atPath: plugin + "/wheels/synapse_otherdep-2.0-py3-none-any.whl")
    try FileManager.default.removeItem(atPath: plugin + "/wheels/synapse_otherdep-1.0-py3-none-any.whl")
    try "synapse-localdep==1.0\n".write(toFile: plugin + "/requirements.txt", atomically: true, encoding: .utf8)
    try fixture.writeWheel(into: plugin + "/wheels", distribution: "synapse-otherdep", value: 7)
    let (_, back) = try env(plugin)
    #expect(back["status"] as? String == "cached" && back["python"] as? String == one)
    #expect(environments().count == 3)
  }

  @Test func aFailedInstallKeepsNothingShowsPipsOutputAndRunsAgainNextTime() throws {
    let plugin = try fixture.createPlugin()
    try "synapse-missing-dep==1.0\n".write(toFile: plugin + "/requirements.txt", atomically: true, encoding: .utf8)
    let failed = fixture.synapse(["plugin", "env", "-p", plugin], environment: Self.offline)
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("No matching distribution found for synapse-missing-dep"), "\(failed.stderr)")
    #expect(failed.stderr.contains("error: pip could not install requirements.txt"), "\(failed.stderr)")
    #expect(failed.stdout.isEmpty)
    #expect(environments().isEmpty)
    let (again, json) = try env(plugin)
    #expect(again.status == 1)
    #expect(json["ok"] as? Bool == false)
    #expect(json.stageStatuses["env"] == "failed" && json.stageReason("env") != "cache hit")
    let stage = try #require((json["stages"] as? [[String: Any]])?.first)
    #expect((stage["details"] as? String)?.contains("synapse-missing-dep") == true)
    #expect(environments().isEmpty)
  }

  @Test func uvIsUsedWhenItIsOnPathAndPipWithAWarningOtherwise() throws {
    let plugin = try pluginNeedingALocalWheel()
    let config = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    try (config + "package_manager: uv\n").write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let python = try ProcessRunner.output("python3", ["-c", "import sys; print(sys.executable)"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let bin = fixture.scratch.url("bin")
    var environment = Self.offline
    environment["PATH"] = bin + ":/usr/bin:/bin"
    fixture.scratch.mkdir("bin")

    let fallback = fixture.synapse(["plugin", "env", "-p", plugin, "--python", python], environment: environment)
    #expect(fallback.status == 0, "\(fallback.stderr)")
    #expect(fallback.stderr.contains("warning: config.yaml asks for package_manager: uv, but uv is not on PATH"))
    #expect(importValue(fallback.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "synapse_localdep") == "42")

    // A stand-in for uv that records its calls and does the work with venv and pip.
    let log = fixture.scratch.url("uv.log")
    fixture.scratch.write(
      "bin/uv",
      """
      #!/bin/sh
      echo "$*" >> '\(log)'
      if [ "$1" = venv ]; then
        exec '\(python)' -m venv --system-site-packages --without-pip "$5"
      fi
      shift 2  # pip install
      target="$2"; shift 2
      exec "$target" -m pip install "$@"

      """, executable: true)
    let (withUV, json) = try env(plugin, ["--python", python], environment: environment)
    #expect(withUV.status == 0, "\(withUV.stderr)")
    #expect(!withUV.stderr.contains("warning:"))
    #expect(json["status"] as? String == "built", "a new package manager is a new environment")
    let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
    #expect(calls.first?.hasPrefix("venv --system-site-packages --python \(python) ") == true, "\(calls)")
    #expect(calls.dropFirst().first?.contains("pip install --python") == true, "\(calls)")
    #expect(calls.dropFirst().first?.contains("--no-index") == true, "\(calls)")
    #expect(importValue(try #require(json["python"] as? String), "synapse_localdep") == "42")
  }

  @Test func anInterpreterInAVirtualEnvironmentIsUsedAsItIs() throws {
    let plugin = try pluginNeedingALocalWheel()
    _ = try ProcessRunner.output(
      "python3", ["-m", "venv", "--system-site-packages", "--without-pip", plugin + "/.venv"])
    let (result, json) = try env(plugin)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(json["kind"] as? String == "existing")
    #expect(json["python"] as? String == plugin + "/.venv/bin/python")
    #expect(environments().isEmpty)
    let test = fixture.synapse(["plugin", "test", "-p", plugin], environment: Self.offline)
    #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
  }

  @Test func cacheCleanRemovesEnvironmentsAndTheyAreBuiltAgain() throws {
    let plugin = try pluginNeedingALocalWheel()
    let (_, first) = try env(plugin)
    let environment = try #require(first["environment"] as? String)
    #expect(fixture.synapse(["cache", "stats"]).stdout.contains("envs        1"))
    #expect(fixture.synapse(["cache", "clean"]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: environment))
    let (_, again) = try env(plugin)
    #expect(again["status"] as? String == "built" && again["environment"] as? String == environment)
    #expect(importValue(try #require(again["python"] as? String), "synapse_localdep") == "42")

    // Deleted by hand, it is noticed and rebuilt rather than handed out.
    try FileManager.default.removeItem(atPath: environment)
    let (_, rebuilt) = try env(plugin)
    #expect(rebuilt["status"] as? String == "built")
    #expect(rebuilt.stageReason("env")?.contains("is gone") == true)
    #expect(FileManager.default.fileExists(atPath: environment + "/synapse-environment.json"))
  }
}
