import Foundation
import Pipeline
@testable import Stages
import TestSupport
import Testing

/// The pieces of `plugin env` and `plugin test` that need no plugin: pytest's summary line,
/// requirements that ask for nothing, config settings, the wheels filter, package-manager
/// fallback, the child-process runner and the cached interpreter probe.
@Suite struct PythonEnvironmentTests {
  @Test func readsPytestsSummaryLine() throws {
    let full = PytestSummary.parse("collected 13 items\n\n=========== 12 passed, 1 skipped in 0.52s ===========\n")
    #expect(
      full == PytestSummary(text: "12 passed, 1 skipped", duration: "0.52s", counts: ["passed": 12, "skipped": 1]))
    let quiet = PytestSummary.parse("....\n4 passed in 0.05s\n")
    #expect(quiet?.text == "4 passed" && quiet?.counts["passed"] == 4)
    let failed = PytestSummary.parse(
      "FAILED tests/test_x.py::test_y - assert 1 == 2\n== 1 failed, 3 passed, 2 warnings in 1.10s (0:00:01) ==\n")
    #expect(failed?.text == "1 failed, 3 passed, 2 warnings" && failed?.counts["failed"] == 1)
    #expect(PytestSummary.parse("===== no tests ran in 0.01s =====")?.text == "no tests ran")
    #expect(
      PytestSummary.parse("\u{1B}[32m===== \u{1B}[1m5 passed\u{1B}[0m\u{1B}[32m in 0.10s =====\u{1B}[0m")?.text
        == "5 passed")
    // Lines that only look similar are not summaries.
    #expect(PytestSummary.parse("assert 2 passed in context\nModuleNotFoundError: No module named pytest\n") == nil)
    #expect(PytestSummary.parse("") == nil)
  }

  @Test func aFailureSaysWhatFailedInOneLine() {
    let failed = PytestFailure(
      status: 1, summary: PytestSummary(text: "1 failed, 3 passed", duration: "0.1s", counts: [:]), details: "…")
    #expect(failed.description == "tests failed: 1 failed, 3 passed (pytest exit 1)")
    let missing = PytestFailure(
      status: 1, summary: nil, details: "ModuleNotFoundError: No module named 'pytest'\n", python: "/usr/bin/python3")
    #expect(
      missing.description.hasPrefix("pytest is not installed for /usr/bin/python3; add pytest to requirements.txt"))
    #expect(PytestFailure(status: 4, summary: nil, details: "").description.contains("check what follows --"))
    #expect(
      PytestFailure(status: 3, summary: nil, details: "").description
        == "pytest exited 3 without a summary; its output says why")
  }

  @Test func onlyCommentsAndBlankLinesAskForNothing() {
    #expect(!EnvironmentStage.hasRequirements(Array("# comment\n\n   # indented\n\t\n".utf8)))
    #expect(!EnvironmentStage.hasRequirements([]))
    #expect(EnvironmentStage.hasRequirements(Array("# numpy\nnumpy>=1.24\n".utf8)))
    #expect(EnvironmentStage.hasRequirements(Array("\r\n  --find-links wheels\r\n".utf8)))
  }

  func settings(_ config: String) throws -> (EnvironmentSettings, TemporaryDirectory) {
    let dir = TemporaryDirectory("settings")
    dir.write("config.yaml", config)
    return (EnvironmentSettings.read(try PluginLocation.resolve(path: dir.path, config: nil)), dir)
  }

  @Test func readsTheEnvironmentSettingsFromConfig() throws {
    let (defaults, _) = try settings("name: x\n")
    #expect(defaults == EnvironmentSettings())
    let (set, _) = try settings(
      "package_manager: uv\npackage_manager_options: ['--prefer-binary', \"-q\"]\nwheels_dir: ./vendor//wheels/\n")
    #expect(set.packageManager == "uv" && set.packageManagerOptions == ["--prefer-binary", "-q"])
    #expect(set.wheelsDirectory == "vendor/wheels" && set.problem == nil)

    let (outside, _) = try settings("name: x\nwheels_dir: ../shared\n")
    #expect(
      outside.problem
        == "config.yaml:2:13: wheels_dir: ../shared is outside the plugin directory; bundled wheels must be inside it")
    #expect(outside.wheelsDirectory == "wheels")
    let (manager, _) = try settings("package_manager: conda\n")
    #expect(manager.problem == "config.yaml:1:18: package_manager: must be pip or uv")
    let (options, _) = try settings("package_manager_options: [1]\n")
    #expect(options.problem?.hasPrefix("config.yaml:1:27: package_manager_options") == true)
    let (broken, _) = try settings("name: [unclosed\n")
    #expect(broken.problem?.hasPrefix("config.yaml:") == true)
  }

  @Test func theWheelsFilterKeepsOneDirectoryAndTheWayToIt() {
    let filter = SubtreeFilter(directory: "vendor/wheels")
    #expect(!filter.excludes("vendor", isDirectory: true))
    #expect(filter.excludes("vendor", isDirectory: false))
    #expect(filter.excludes("vendor/other", isDirectory: true))
    #expect(!filter.excludes("vendor/wheels", isDirectory: true))
    #expect(!filter.excludes("vendor/wheels/a-1.0-py3-none-any.whl", isDirectory: false))
    #expect(filter.excludes("vendor/wheelsmith", isDirectory: true))
    #expect(filter.excludes("plugin", isDirectory: true))
  }

  @Test func uvFallsBackToPipWithAWarningWhenItIsNotOnPath() {
    let empty = TemporaryDirectory("nouv")
    let fallback = PackageManager.resolve("uv", path: empty.path)
    #expect(fallback.manager == .pip)
    #expect(fallback.warning?.contains("uv is not on PATH") == true)
    empty.write("uv", "#!/bin/sh\n", executable: true)
    #expect(PackageManager.resolve("uv", path: empty.path).manager == .uv(path: empty.url("uv")))
    #expect(PackageManager.resolve("pip", path: empty.path) == (.pip, nil))
  }

  @Test func childProcessCapturesOutputInOrderWithItsStatusAndDirectory() throws {
    let dir = TemporaryDirectory("child")
    let chunks = Locked<[UInt8]>([])
    let result = try ChildProcess.run(
      "/bin/sh", ["-c", "echo out; echo err >&2; pwd; echo \"$KEEP-${DROP:-unset}\"; exit 3"],
      environment: ["KEEP": "kept", "DROP": nil], workingDirectory: dir.path,
      output: { chunk in chunks.update { $0 += chunk } })
    #expect(result.status == 3)
    #expect(result.text == "out\nerr\n\(dir.path)\nkept-unset\n")
    #expect(chunks.get() == result.output)
    setenv("SYNAPSE_TEST_DROP_ME", "present", 1)
    defer { unsetenv("SYNAPSE_TEST_DROP_ME") }
    let dropped = try ChildProcess.run(
      "/bin/sh", ["-c", "echo ${SYNAPSE_TEST_DROP_ME:-gone}"], environment: ["SYNAPSE_TEST_DROP_ME": nil])
    #expect(dropped.text == "gone\n")
    let killed = try ChildProcess.run("/bin/sh", ["-c", "kill -TERM $$"])
    #expect(killed.status == 128 + SIGTERM)
    // Standard input is /dev/null: a tool that asks a question reads end-of-file.
    #expect(try ChildProcess.run("/bin/sh", ["-c", "read x || echo eof"]).text == "eof\n")
    #expect(throws: SystemError.self) { try ChildProcess.run("/nonexistent/tool", []) }
  }

  @Test func theInterpreterIsProbedOnceUntilItChanges() throws {
    let dir = TemporaryDirectory("probe")
    let cache = try CacheDirectory(path: dir.url("cache"))
    let python = try #require(ExecutableSearch.find("python3"))
    // A launcher that counts its starts, as a pyenv shim stands in front of a real python.
    let launcher = dir.write(
      "bin/python", "#!/bin/sh\necho run >> '\(dir.url("starts"))'\nexec '\(python)' \"$@\"\n", executable: true)
    let interpreter = PythonInterpreter(executable: launcher, source: "--python")
    let first = try PythonProbe.identify(interpreter, cache: cache)
    #expect(first.release.hasPrefix("3."))
    #expect(!first.executable.isEmpty && first.executable != launcher)
    #expect(first.sitePackages.contains { $0.hasSuffix("site-packages") })
    let second = try PythonProbe.identify(interpreter, cache: cache)
    #expect(second == first)
    #expect(String(decoding: dir.read("starts"), as: UTF8.self) == "run\n")
    // Rewriting the launcher (a new interpreter behind it) asks again.
    dir.write(
      "bin/python", "#!/bin/sh\necho run >> '\(dir.url("starts"))'\nexec '\(python)' \"$@\"\n\n", executable: true)
    _ = try PythonProbe.identify(interpreter, cache: cache)
    #expect(String(decoding: dir.read("starts"), as: UTF8.self) == "run\nrun\n")

    let missing = PythonInterpreter(executable: "no-such-python-here", source: "PATH")
    #expect(throws: StagesError.self) { try PythonProbe.identify(missing, cache: cache) }
    let broken = dir.write("bin/broken", "#!/bin/sh\necho nope\nexit 2\n", executable: true)
    let error = #expect(throws: StagesError.self) {
      try PythonProbe.identify(PythonInterpreter(executable: broken, source: "--python"), cache: cache)
    }
    #expect("\(error!)".contains("is not a working Python 3 (exit 2)"))
  }
}
