import Foundation
import TestSupport
import Testing

/// `plugin run --mode job|task` and `plugin job …` against a real Ray head node on loopback
/// (`RayHead`, shared by these tests and stopped by the PIDs it started).
@Suite(.serialized) struct CLIRayTests {
  let fixture = CLIFixture()
  let home = TemporaryDirectory("home")

  func synapse(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
    let head = try RayHead.shared()
    var env = ["HOME": home.path, "RAY_ADDRESS": head.url]
    for (key, value) in environment { env[key] = value }
    return fixture.synapse(arguments, environment: env)
  }

  /// A plugin whose actions count, fail, wait, report their environment and Ray context, and
  /// import a bundled dependency; `marker` makes its archive unique to the test.
  func plugin(_ name: String, marker: String = UUID().uuidString, requirements: String? = nil) -> String {
    fixture.scratch.write(
      "\(name)/config.yaml",
      """
      name: Ray Probe
      code: ray-probe
      version: 0.1.0
      category: custom
      env:
        GREETING: hello from config
      runtime_env:
        env_vars:
          FROM_RUNTIME_ENV: runtime value
          GREETING: overridden by env
      actions:
        count:
          entrypoint: plugin.actions:CountAction
          method: task
        fail:
          entrypoint: plugin.actions:FailAction
          method: task
        wait:
          entrypoint: plugin.actions:WaitAction
          method: task
        inspect:
          entrypoint: plugin.actions:InspectAction
          method: task
        dep:
          entrypoint: plugin.actions:DepAction
          method: task

      """)
    fixture.scratch.write("\(name)/plugin/__init__.py", "MARKER = \"\(marker)\"\n")
    fixture.scratch.write(
      "\(name)/plugin/actions.py",
      """
      import hashlib
      import os
      import time

      from pydantic import BaseModel, Field
      from synapse_sdk.plugins import BaseAction
      from synapse_sdk.plugins.errors import ExecutionError


      class CountParams(BaseModel):
          n: int = Field(default=3, ge=1)


      class CountAction(BaseAction[CountParams]):
          action_name = "count"

          def execute(self):
              print("plain output from the plugin")
              for i in range(self.params.n):
                  self.set_progress(i + 1, self.params.n, "count")
              self.set_metrics({"loss": 0.25}, "train")
              self.ctx.log_message("counted", "success")
              return {"counted": self.params.n, "greeting": os.environ.get("GREETING")}


      class FailAction(BaseAction):
          action_name = "fail"

          def execute(self):
              raise ExecutionError("the probe failed on purpose", details={"step": 2})


      class WaitAction(BaseAction):
          action_name = "wait"

          def execute(self):
              self.ctx.log_message("waiting", "info")
              time.sleep(120)
              return {"waited": True}


      class InspectAction(BaseAction):
          action_name = "inspect"

          def execute(self):
              import ray

              token = os.environ.get("SYNAPSE_ACCESS_TOKEN", "")
              result = {
                  "greeting": os.environ.get("GREETING"),
                  "from_runtime_env": os.environ.get("FROM_RUNTIME_ENV"),
                  "mode": os.environ.get("SYNAPSE_RUN_MODE"),
                  "job_id": self.ctx.job_id,
                  "token_sha256": hashlib.sha256(token.encode()).hexdigest() if token else None,
                  "in_ray_task": ray.is_initialized() and ray.get_runtime_context().get_task_id() is not None,
              }
              if result["in_ray_task"]:
                  result["cpus"] = ray.get_runtime_context().get_assigned_resources().get("CPU")
              return result


      class DepAction(BaseAction):
          action_name = "dep"

          def execute(self):
              import tinydep

              return {"value": tinydep.VALUE}

      """)
    if let requirements { fixture.scratch.write("\(name)/requirements.txt", requirements) }
    return fixture.scratch.url(name)
  }

  /// The JSON objects of a `--json` run's stdout.
  func events(_ result: ProcessResult) -> [[String: Any]] {
    result.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  @Test func aJobRunsTheActionAndShowsWhatItReports() throws {
    let dir = plugin("count")
    let result = try synapse(["plugin", "run", "count", "--mode", "job", "--path", dir, "--params", #"{"n": 3}"#])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Result:\n  counted: 3\n"), "\(result.stdout)")
    #expect(result.stdout.contains("greeting: hello from config"))
    #expect(result.stdout.contains("Metrics:\n  train: loss=0.25"))
    #expect(result.stderr.contains("progress count: 3/3"))
    #expect(result.stderr.contains("[SUCCESS] counted"))
    #expect(result.stderr.contains("plain output from the plugin"))
    #expect(result.stderr.contains("submitted to"))
    // Ray's own bookkeeping lines stay out of the way unless --debug.
    #expect(!result.stderr.contains("Running entrypoint for job"))
    #expect(!result.stderr.contains("::synapse-event::"))
  }

  @Test func anUnchangedPluginUploadsNothingTheSecondTime() throws {
    let dir = plugin("unchanged")
    let first = try synapse(["plugin", "run", "count", "--mode", "job", "--path", dir, "--json"])
    #expect(first.status == 0, "\(first.stderr)")
    let firstSubmitted = try #require(events(first).first { $0["event"] as? String == "submitted" })
    let archiveBytes = try #require(firstSubmitted["uploaded_bytes"] as? Int)
    #expect(archiveBytes > 0)

    let second = try synapse(["plugin", "run", "count", "--mode", "job", "--path", dir, "--json"])
    #expect(second.status == 0, "\(second.stderr)")
    let lines = events(second)
    #expect(lines.first?["event"] as? String == "submitted")
    #expect(lines.first?["uploaded_bytes"] as? Int == 0)
    #expect(lines.first?["job_id"] as? String != firstSubmitted["job_id"] as? String)
    let result = try #require(lines.last)
    #expect(result["event"] as? String == "result")
    #expect((result["result"] as? [String: Any])?["counted"] as? Int == 3)
    #expect(lines.contains { $0["event"] as? String == "progress" })

    // An edit is a new archive: uploaded again, and only the archive (the runtime is there).
    fixture.scratch.write("unchanged/plugin/extra.py", "X = 1\n")
    let third = try synapse(["plugin", "run", "count", "--mode", "job", "--path", dir, "--json"])
    #expect(third.status == 0, "\(third.stderr)")
    let uploaded = try #require(events(third).first?["uploaded_bytes"] as? Int)
    #expect(uploaded > 0 && uploaded < archiveBytes + 4096)
  }

  @Test func aFailingActionExitsOneWithItsErrorAndTheJobFailed() throws {
    let dir = plugin("fail")
    let result = try synapse(["plugin", "run", "fail", "--mode", "job", "--path", dir, "--json"])
    #expect(result.status == 1)
    let error = try #require(events(result).last)
    #expect(error["event"] as? String == "error")
    #expect(error["class"] as? String == "ExecutionError")
    let id = try #require(events(result).first?["job_id"] as? String)
    let human = try synapse(["plugin", "run", "fail", "--mode", "job", "--path", dir])
    #expect(human.status == 1)
    #expect(human.stderr.contains("error: ExecutionError: the probe failed on purpose\n"), "\(human.stderr)")
    #expect(human.stderr.contains("step"))

    let get = try synapse(["plugin", "job", "get", id])
    #expect(get.status == 0, "\(get.stderr)")
    #expect(get.stdout.contains("Status     FAILED"))
    #expect(get.stdout.contains("Plugin     ray-probe 0.1.0"))
    #expect(get.stdout.contains("Action     fail"))
  }

  @Test func ctrlCStopsTheJob() throws {
    let head = try RayHead.shared()
    let dir = plugin("wait")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ProcessRunner.synapseBinary)
    process.arguments = ["plugin", "run", "wait", "--mode", "job", "--path", dir, "--job-id", "synapse-wait-\(UUID().uuidString.prefix(8).lowercased())"]
    var environment = ProcessInfo.processInfo.environment
    environment["SYNAPSE_CACHE_DIR"] = fixture.cache.path
    environment["RAY_ADDRESS"] = head.url
    environment["HOME"] = home.path
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    var seen = Data()
    let deadline = Date().addingTimeInterval(60)
    while !String(decoding: seen, as: UTF8.self).contains("[INFO] waiting"), Date() < deadline, process.isRunning {
      seen += errors.fileHandleForReading.availableData
    }
    #expect(String(decoding: seen, as: UTF8.self).contains("[INFO] waiting"))
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    seen += errors.fileHandleForReading.readDataToEndOfFile()
    let text = String(decoding: seen, as: UTF8.self)
    #expect(process.terminationStatus == 130, "\(text)")
    #expect(text.contains("error: interrupted; job synapse-wait-"), "\(text)")
    #expect(text.contains("was stopped"), "\(text)")
    let id = try #require(process.arguments?.last)
    let get = try synapse(["plugin", "job", "get", id])
    #expect(get.stdout.contains("Status     STOPPED"), "\(get.stdout)")
  }

  @Test func taskModeRunsTheActionAsARayTaskWithItsCPUs() throws {
    let dir = plugin("task")
    let result = try synapse(["plugin", "run", "inspect", "--mode", "task", "--cpus", "1", "--path", dir, "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    let value = try #require(events(result).last?["result"] as? [String: Any], "\(result.stdout)")
    #expect(value["in_ray_task"] as? Bool == true)
    #expect(value["cpus"] as? Double == 1)
    #expect(value["mode"] as? String == "task")

    let job = try synapse(["plugin", "run", "inspect", "--mode", "job", "--path", dir, "--json"])
    #expect(job.status == 0, "\(job.stderr)")
    let jobValue = try #require(events(job).last?["result"] as? [String: Any])
    #expect(jobValue["in_ray_task"] as? Bool == false)
    #expect(jobValue["mode"] as? String == "job")
  }

  @Test func configEnvAndRuntimeEnvReachTheActionAndTheTokenIsNeverShown() throws {
    let dir = plugin("env")
    let token = "tok-\(UUID().uuidString)"
    let env = ["SYNAPSE_ACCESS_TOKEN": token, "SYNAPSE_HOST": "http://127.0.0.1:9"]
    let result = try synapse(
      ["plugin", "run", "inspect", "--mode", "job", "--path", dir, "--json", "--debug"], environment: env)
    #expect(result.status == 0, "\(result.stderr)")
    let value = try #require(events(result).last?["result"] as? [String: Any])
    // config env beats runtime_env's env_vars; both reach the action.
    #expect(value["greeting"] as? String == "hello from config")
    #expect(value["from_runtime_env"] as? String == "runtime value")
    let id = try #require(events(result).first?["job_id"] as? String)
    #expect(value["job_id"] as? String == id)
    let digest = try #require(value["token_sha256"] as? String)
    #expect(digest.count == 64)

    let get = try synapse(["plugin", "job", "get", id, "--json"], environment: env)
    #expect(get.status == 0)
    #expect(get.stdout.contains("\"SYNAPSE_ACCESS_TOKEN\": \"<redacted>\""), "\(get.stdout)")
    let logs = try synapse(["plugin", "job", "logs", id, "--raw"], environment: env)
    for output in [result, get, logs] {
      #expect(!output.stdout.contains(token) && !output.stderr.contains(token))
    }
  }

  @Test func aPipRequirementIsInstalledFromTheBundledWheel() throws {
    let dir = plugin("dep", requirements: "tinydep==1.0\n")
    try TinyWheel.write(to: dir + "/wheels/tinydep-1.0-py3-none-any.whl")
    let result = try synapse(["plugin", "run", "dep", "--mode", "job", "--path", dir])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("value: from the bundled wheel"), "\(result.stdout)\(result.stderr)")
  }

  @Test func jobCommandsShowFollowAndStopRayJobs() throws {
    let dir = plugin("commands")
    let detached = try synapse(["plugin", "run", "count", "--mode", "job", "--path", dir, "--detach"])
    #expect(detached.status == 0, "\(detached.stderr)")
    let id = detached.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(id.hasPrefix("synapse-ray-probe-count-"))

    let follow = try synapse(["plugin", "job", "logs", "-f", id])
    #expect(follow.status == 0, "\(follow.stderr)")
    #expect(follow.stdout.contains("progress count: 3/3"))
    #expect(follow.stdout.contains("result: {\"counted\": 3"))
    let raw = try synapse(["plugin", "job", "logs", id, "--raw"])
    #expect(raw.stdout.contains("::synapse-event::{\"event\":\"result\""))
    let get = try synapse(["plugin", "job", "get", id])
    #expect(get.stdout.contains("Status     SUCCEEDED"))
    let stop = try synapse(["plugin", "job", "stop", id])
    #expect(stop.status == 0)
    #expect(stop.stdout.contains("had already ended: SUCCEEDED"))

    let missing = try synapse(["plugin", "job", "get", "synapse-no-such-job"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("job synapse-no-such-job does not exist on the Ray cluster"))
  }

  @Test func anUnreachableClusterFailsClearlyWithoutSubmitting() {
    let dir = plugin("unreachable")
    let result = fixture.synapse(
      ["plugin", "run", "count", "--mode", "job", "--path", dir, "--ray-address", "http://127.0.0.1:9", "--retries", "0"],
      environment: ["HOME": home.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("Ray connection failed: cannot reach the Jobs API at http://127.0.0.1:9 (from --ray-address)"), "\(result.stderr)")
    let invalid = fixture.synapse(
      ["plugin", "run", "count", "--mode", "job", "--path", dir], environment: ["HOME": home.path, "RAY_ADDRESS": "ftp://x"])
    #expect(invalid.status == 1)
    #expect(invalid.stderr.contains("invalid Ray address \"ftp://x\" (from RAY_ADDRESS)"))
  }
}

/// A minimal pure-Python wheel, written with Python's zipfile so the test depends on no
/// packaging tool.
enum TinyWheel {
  static func write(to path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let script = """
      import sys, zipfile
      files = {
          "tinydep/__init__.py": 'VALUE = "from the bundled wheel"\\n',
          "tinydep-1.0.dist-info/METADATA": "Metadata-Version: 2.1\\nName: tinydep\\nVersion: 1.0\\n",
          "tinydep-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
      }
      files["tinydep-1.0.dist-info/RECORD"] = "".join(f"{name},,\\n" for name in files) + "tinydep-1.0.dist-info/RECORD,,\\n"
      with zipfile.ZipFile(sys.argv[1], "w") as z:
          for name, text in files.items():
              z.writestr(name, text)
      """
    let result = ProcessRunner.run("python3", ["-c", script, path])
    guard result.status == 0 else { throw CocoaError(.fileWriteUnknown) }
  }
}
