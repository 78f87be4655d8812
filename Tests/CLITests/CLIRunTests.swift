import Foundation
import TestSupport
import Testing

/// `synapse plugin run --mode local` end to end: the real binary, the embedded runtime, a
/// child Python process and its event stream.
@Suite(.serialized) struct CLIRunTests {
  let fixture = CLIFixture()
  let store = TemporaryDirectory("store")

  func run(_ plugin: String, _ arguments: [String]) -> ProcessResult {
    fixture.synapse(["plugin", "run"] + arguments + ["--path", plugin], environment: ["SYNAPSE_LOCAL_STORE": store.path])
  }

  /// A plugin with actions that log, report progress, crash and wait.
  func eventsPlugin() -> String {
    let dir = fixture.scratch.url("events")
    fixture.scratch.write(
      "events/config.yaml",
      """
      name: Events
      code: events
      version: 0.1.0
      category: custom
      env:
        GREETING: hello from config
      actions:
        count:
          entrypoint: plugin.actions:CountAction
          method: task
        crash:
          entrypoint: plugin.actions:CrashAction
          method: task
        wait:
          entrypoint: plugin.actions:WaitAction
          method: task

      """)
    fixture.scratch.write("events/plugin/__init__.py", "")
    fixture.scratch.write(
      "events/plugin/actions.py",
      """
      import os
      import time

      from pydantic import BaseModel, Field
      from synapse_sdk.plugins import BaseAction


      class CountParams(BaseModel):
          n: int = Field(default=3, ge=1)
          label: str


      class CountAction(BaseAction[CountParams]):
          action_name = "count"

          def execute(self):
              for i in range(self.params.n):
                  self.set_progress(i + 1, self.params.n, "count")
              self.set_metrics({"seen": self.params.n}, category="count")
              self.ctx.log_message("counted " + self.params.label, "success")
              print("plugin output that must not break the event stream")
              return {"label": self.params.label, "n": self.params.n, "greeting": os.environ.get("GREETING")}


      class CrashAction(BaseAction):
          action_name = "crash"

          def execute(self):
              return self._divide()

          def _divide(self):
              return 1 / 0


      class WaitAction(BaseAction):
          action_name = "wait"

          def execute(self):
              self.ctx.log_message("waiting", "info")
              time.sleep(30)
              return {}

      """)
    return dir
  }

  /// The guide's code saves "/models/best.pt" as its weights: the file is written for the run
  /// (and removed after, when this test created it), which needs a writable root (CI runs as
  /// root).
  @Test(.enabled(if: access("/", W_OK) == 0)) func theGuidesTrainActionRunsAsWritten() throws {
    let createdDirectory = !FileManager.default.fileExists(atPath: "/models")
    let createdFile = !FileManager.default.fileExists(atPath: "/models/best.pt")
    try FileManager.default.createDirectory(atPath: "/models", withIntermediateDirectories: true)
    if createdFile { #expect(FileManager.default.createFile(atPath: "/models/best.pt", contents: Data("weights".utf8))) }
    defer {
      if createdFile { try? FileManager.default.removeItem(atPath: "/models/best.pt") }
      if createdDirectory { try? FileManager.default.removeItem(atPath: "/models") }
    }
    let plugin = fixture.scratch.url("guide")
    try Fixtures.copyTree(Fixtures.packageRoot + "/runtime/tests/fixtures/guide_plugin", to: plugin)
    // The guide's requirements.txt (torch, ultralytics) is not needed by its train action and
    // would make the environment stage download gigabytes.
    try FileManager.default.removeItem(atPath: plugin + "/requirements.txt")
    let register = ProcessRunner.run(
      "python3",
      [
        "-c",
        "from synapse_sdk.plugins.testing import LocalStore; import sys; "
          + "LocalStore(sys.argv[1]).add_dataset(123, files={'images/a.txt': 'a'}, name='guide-dataset')",
        store.path,
      ], environment: ["PYTHONPATH": Fixtures.packageRoot + "/runtime", "PYTHONDONTWRITEBYTECODE": "1"])
    try #require(register.status == 0, "\(register.stderr)")

    let result = fixture.synapse(
      ["plugin", "run", "train", "--mode", "local", "--params", #"{"dataset": 123, "epochs": 5}"#, "--path", plugin],
      environment: ["SYNAPSE_LOCAL_STORE": store.path])
    #expect(result.status == 0, "\(result.stderr)")
    let trainProgress = result.stderr.split(separator: "\n").filter { $0.hasPrefix("progress train:") }
    #expect(trainProgress == (1...5).map { "progress train: \($0)/5" })
    #expect(result.stderr.contains("[INFO] Starting training..."))
    #expect(result.stderr.contains("metrics train: epoch=5"))
    #expect(result.stdout.contains("Result:\n"))
    #expect(result.stdout.contains("  final_loss: 0.48"))
    #expect(result.stdout.contains("  model_path: " + store.path))
    // The guide's config names an inference module it never writes: a warning, not a stop.
    #expect(result.stderr.contains("warning:"))
  }

  @Test func eventsStreamWhateverThePluginPrints() throws {
    let plugin = eventsPlugin()
    let human = run(plugin, ["count", "--params", #"{"n": 4, "label": "sheep"}"#])
    #expect(human.status == 0, "\(human.stderr)")
    #expect(human.stderr.contains("progress count: 4/4"))
    #expect(human.stderr.contains("[SUCCESS] counted sheep"))
    #expect(human.stdout == "Metrics:\n  count: seen=4\nResult:\n  label: sheep\n  n: 4\n  greeting: hello from config\n")

    let json = run(plugin, ["count", "--params", #"{"label": "x"}"#, "--json"])
    #expect(json.status == 0)
    let events = json.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(events.count == json.stdout.split(separator: "\n").count)
    #expect(events.map { $0["event"] as? String } == ["progress", "progress", "progress", "metrics", "log", "result"])
    #expect((events.last?["result"] as? [String: Any])?["label"] as? String == "x")

    let fromFile = fixture.scratch.write("params.json", #"{"label": "file", "n": 1}"#)
    #expect(run(plugin, ["count", "--params", "@" + fromFile]).stdout.contains("label: file"))
  }

  @Test func aTerminalGetsAProgressBarAndColouredLevels() throws {
    let plugin = eventsPlugin()
    let (status, screen) = try PseudoTerminal.run(
      ProcessRunner.synapseBinary, ["plugin", "run", "count", "--params", #"{"n": 2, "label": "tty"}"#, "--path", plugin],
      answers: [], environment: ["SYNAPSE_CACHE_DIR": fixture.cache.path, "SYNAPSE_LOCAL_STORE": store.path, "NO_COLOR": ""])
    #expect(status == 0, "\(screen)")
    #expect(screen.contains("count       ████████████████████████ 2/2"))
    #expect(screen.contains("\u{1B}[92m[SUCCESS]\u{1B}[0m counted tty"))
    #expect(!screen.contains("progress count:"))
  }

  @Test func failuresAreOneLineUnlessDebugAndExitOne() throws {
    let plugin = eventsPlugin()
    let invalid = run(plugin, ["count", "--params", #"{"n": 0}"#])
    #expect(invalid.status == 1)
    #expect(invalid.stderr.contains("error: ValidationError:"))
    #expect(invalid.stderr.contains("  n: Input should be greater than or equal to 1"))
    #expect(invalid.stderr.contains("  label: Field required"))

    let crash = run(plugin, ["crash"])
    #expect(crash.status == 1)
    #expect(crash.stderr.contains("error: ZeroDivisionError: division by zero\n"))
    #expect(!crash.stderr.contains("Traceback"))
    let debug = run(plugin, ["crash", "--debug"])
    #expect(debug.status == 1)
    #expect(debug.stderr.contains("Traceback (most recent call last):"))
    #expect(debug.stderr.contains("in _divide"))

    let badJSON = run(plugin, ["count", "--params", "{nope"])
    #expect(badJSON.status == 1)
    #expect(badJSON.stderr.contains("invalid JSON in --params"))
    let otherMode = run(plugin, ["count", "--mode", "cluster"])
    #expect(otherMode.status == 1)
    #expect(otherMode.stderr.contains("invalid mode \"cluster\"; use local, task, job or remote"))
    // Nothing written into the plugin tree (no __pycache__).
    #expect(!FileManager.default.fileExists(atPath: plugin + "/plugin/__pycache__"))
  }

  @Test func anInterruptStopsTheActionAndExits130() throws {
    let plugin = eventsPlugin()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ProcessRunner.synapseBinary)
    process.arguments = ["plugin", "run", "wait", "--path", plugin]
    var environment = ProcessInfo.processInfo.environment
    environment["SYNAPSE_CACHE_DIR"] = fixture.cache.path
    environment["SYNAPSE_LOCAL_STORE"] = store.path
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Wait for the action's first log line, then interrupt synapse only.
    var seen = Data()
    let deadline = Date().addingTimeInterval(20)
    while !String(decoding: seen, as: UTF8.self).contains("waiting"), Date() < deadline {
      seen += errors.fileHandleForReading.availableData
    }
    let start = Date()
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    seen += errors.fileHandleForReading.readDataToEndOfFile()
    #expect(process.terminationStatus == 130, "\(String(decoding: seen, as: UTF8.self))")
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(String(decoding: seen, as: UTF8.self).contains("error: interrupted"))
  }
}
