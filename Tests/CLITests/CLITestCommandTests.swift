import Foundation
import TestSupport
import Testing

/// `synapse plugin test` and the test stage of `synapse build`: pytest in the plugin's
/// environment with the runtime importable, cached by sources, environment and arguments,
/// never caching a failure, and never writing into the plugin.
@Suite struct CLITestCommandTests {
  let fixture = CLIFixture()

  func test(
    _ plugin: String, _ pytestArguments: [String] = [], _ options: [String] = [], environment: [String: String] = [:]
  )
    -> ProcessResult
  {
    fixture.synapse(
      ["plugin", "test", "-p", plugin] + options + (pytestArguments.isEmpty ? [] : ["--"] + pytestArguments),
      environment: environment)
  }

  /// `N passed in 0.42s` → N.
  func passed(_ line: String) -> Int? {
    line.firstMatch(of: #/^(\d+) passed in [0-9.]+s\n$/#).flatMap { Int($0.1) }
  }

  func append(_ text: String, to path: String) throws {
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    handle.closeFile()
  }

  @Test func aCreatedPluginsTestsPassThenAnswerFromTheCacheUntilATestChanges() throws {
    let plugin = try fixture.createPlugin()
    let before = try fixture.treeSnapshot(plugin)
    let first = test(plugin)
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    let count = try #require(passed(first.stdout), "\(first.stdout)")
    #expect(count >= 3)

    let second = test(plugin)
    #expect(second.status == 0)
    #expect(second.stdout == "cached: \(count) passed\n")
    let (_, json) = try fixture.json(["plugin", "test", "-p", plugin])
    #expect(json["cached"] as? Bool == true && json["summary"] as? String == "\(count) passed")
    #expect(json.stageStatuses == ["env": "cached", "test": "cached"])
    #expect(try fixture.treeSnapshot(plugin) == before, "pytest wrote into the plugin")

    try append("\n\ndef test_added_later():\n    assert True\n", to: plugin + "/tests/test_main.py")
    let edited = try fixture.treeSnapshot(plugin)
    let (rerun, explained) = try fixture.json(["plugin", "test", "-p", plugin])
    #expect(rerun.status == 0)
    #expect(explained["cached"] as? Bool == false && explained["summary"] as? String == "\(count + 1) passed")
    #expect(explained.stageReason("test") == "tests/test_main.py modified")
    #expect(test(plugin).stdout == "cached: \(count + 1) passed\n")

    // --verbose replays what pytest printed when the result was cached.
    let replay = test(plugin, [], ["-v"])
    #expect(replay.stdout.contains("tests/test_main.py"))
    #expect(replay.stdout.hasSuffix("cached: \(count + 1) passed\n"))
    #expect(try fixture.treeSnapshot(plugin) == edited, "pytest wrote into the plugin")
  }

  @Test func aFailingTestExitsOneWithPytestsOutputAndIsNeverCached() throws {
    let plugin = try fixture.createPlugin()
    let count = try #require(passed(test(plugin).stdout))
    fixture.scratch.write("synapse-demo-plugin/tests/test_broken.py", "def test_broken():\n    assert 1 == 2\n")
    let before = try fixture.treeSnapshot(plugin)
    for _ in 0..<2 {
      let failed = test(plugin)
      #expect(failed.status == 1)
      #expect(failed.stderr.contains("def test_broken():"), "\(failed.stderr)")
      #expect(failed.stderr.contains("assert 1 == 2"))
      #expect(
        failed.stderr.hasSuffix("error: tests failed: 1 failed, \(count) passed (pytest exit 1)\n"), "\(failed.stderr)")
      #expect(!failed.stderr.contains("error: E "), "pytest's lines are shown as written, not as errors")
    }
    let (again, json) = try fixture.json(["plugin", "test", "-p", plugin])
    #expect(again.status == 1 && json["ok"] as? Bool == false)
    #expect(json.stageStatuses["test"] == "failed" && json.stageReason("test") != "cache hit")
    #expect(try fixture.treeSnapshot(plugin) == before)

    // Fixed again: the earlier passing run is still in the cache.
    try FileManager.default.removeItem(atPath: plugin + "/tests/test_broken.py")
    #expect(test(plugin).stdout == "cached: \(count) passed\n")
  }

  @Test func pytestArgumentsAndTheRuntimeEnterTheKey() throws {
    let plugin = try fixture.createPlugin()
    let all = try #require(passed(test(plugin).stdout))
    let selected = test(plugin, ["-k", "params"])
    #expect(selected.status == 0, "\(selected.stderr)")
    #expect(selected.stdout.hasPrefix("1 passed, \(all - 1) deselected in "), "\(selected.stdout)")
    #expect(test(plugin, ["-k", "params"]).stdout == "cached: 1 passed, \(all - 1) deselected\n")
    #expect(test(plugin).stdout == "cached: \(all) passed\n")
    // No test selected at all is not a failure, but it is said.
    let none = test(plugin, ["-k", "no_such_test"])
    #expect(none.status == 0)
    #expect(none.stderr.contains("warning: pytest collected no tests"))
    // Bad arguments are pytest's usage error.
    let bad = test(plugin, ["--no-such-pytest-option"])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("pytest could not run with these arguments (exit 4)"), "\(bad.stderr)")
  }

  @Test func theTestsImportTheEmbeddedRuntimeWhateverTheCallersPythonPath() throws {
    let plugin = try fixture.createPlugin()
    fixture.scratch.write(
      "synapse-demo-plugin/tests/test_runtime.py",
      """
      import os
      import synapse_sdk

      def test_the_runtime_is_the_one_synapse_unpacked():
          assert synapse_sdk.__file__.startswith(os.environ["SYNAPSE_CACHE_DIR"]), synapse_sdk.__file__

      def test_no_bytecode_is_written():
          import sys
          assert sys.dont_write_bytecode

      """)
    let shadow = fixture.scratch.url("shadow")
    fixture.scratch.write("shadow/synapse_sdk/__init__.py", "raise ImportError('the caller PYTHONPATH leaked in')\n")
    let before = try fixture.treeSnapshot(plugin)
    let result = test(plugin, [], [], environment: ["PYTHONPATH": shadow])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(try fixture.treeSnapshot(plugin) == before)
  }

  @Test func buildRunsTheTestsBesideTheArchiveAndSkipTestsLeavesThemOut() throws {
    let plugin = try fixture.createPlugin()
    let (built, json) = try fixture.buildJSON(plugin)
    #expect(built.status == 0, "\(built.stderr)")
    #expect(
      json.stageNames == ["config", "files", "discover", "schema", "validate", "env", "test", "archive", "checksum"])
    #expect(json.stageStatuses["test"] == "ran")
    let summary = try #require((json["tests"] as? [String: Any])?["summary"] as? String)
    #expect(passed(summary + " in 0.1s\n") != nil, "\(summary)")
    // The build's test run is plugin test's.
    #expect(test(plugin).stdout == "cached: \(summary)\n")
    let null = fixture.synapse(["build", "-p", plugin])
    #expect(null.stdout.contains("  tests    cached: \(summary)\n"))
    #expect(null.stdout.contains("9 stages: 0 ran, 9 cached"))

    let (skipped, without) = try fixture.buildJSON(plugin, ["--skip-tests"])
    #expect(skipped.status == 0)
    #expect(without.stageNames == ["config", "files", "discover", "schema", "validate", "archive", "checksum"])
    #expect(without["tests"] == nil)

    // A failing test fails the build; the archive does not wait for it.
    fixture.scratch.write("synapse-demo-plugin/tests/test_broken.py", "def test_broken():\n    assert False\n")
    let (failed, broken) = try fixture.buildJSON(plugin)
    #expect(failed.status == 1)
    #expect(broken.stageStatuses["test"] == "failed")
    #expect(broken.stageStatuses["archive"] != "skipped")
    let human = fixture.synapse(["build", "-p", plugin])
    #expect(human.status == 1)
    #expect(human.stderr.contains("error: tests failed: 1 failed"))
    #expect(fixture.synapse(["build", "-p", plugin, "--skip-tests"]).status == 0)
  }

  @Test func anInvalidPluginIsNotTested() throws {
    let plugin = try fixture.createPlugin()
    let config = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    try config.replacingOccurrences(of: "entrypoint: plugin.main", with: "entrypoint: plugin.missing")
      .write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let (result, json) = try fixture.buildJSON(plugin)
    #expect(result.status == 1)
    #expect(
      json.stageStatuses["validate"] == "failed" && json.stageStatuses["test"] == "skipped", "\(json.stageStatuses)")
  }

  @Test func aMissingInterpreterSaysWhatToDo() throws {
    let plugin = try fixture.createPlugin()
    let explicit = test(plugin, [], ["--python", "/nonexistent/python3"])
    #expect(explicit.status == 1)
    #expect(
      explicit.stderr.contains("--python names /nonexistent/python3, which is not an executable file"),
      "\(explicit.stderr)")
    let (scripted, json) = try fixture.json(["plugin", "test", "-p", plugin, "--python", "/nonexistent/python3"])
    #expect(scripted.status == 1 && json["ok"] as? Bool == false)
    #expect((json["error"] as? String)?.contains("/nonexistent/python3") == true)
    let missing = fixture.synapse(["build", "-p", plugin], environment: ["SYNAPSE_PYTHON": "no-such-python3"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no-such-python3 (from SYNAPSE_PYTHON) was not found on PATH"), "\(missing.stderr)")
    #expect(missing.stdout.contains("9 stages:"), "the rest of the build still ran: \(missing.stdout)")
  }
}
