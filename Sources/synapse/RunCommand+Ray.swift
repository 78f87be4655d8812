import ArgumentParser
import Pipeline
import Stages

extension RunCommand {
  /// `--mode job` and `--mode task`: build, upload what the cluster lacks, submit, follow.
  func runOnRay(_ mode: RayJobSpec.Mode) throws {
    let paramsJSON = try readParams()
    let location = try pluginLocation()
    let dashboard = try ray.dashboard(http)
    let cacheDirectory = try cache.open()
    let run = PluginRayRun(
      location: location, action: action, paramsJSON: paramsJSON, mode: mode, cpus: cpus, gpus: gpus,
      submissionID: jobID, extraEnv: backendEnvironment())
    let (report, built) = try run.build(cache: cacheDirectory, jobs: CPU.count)
    guard report.succeeded, let artifact = built else {
      BuildOutput.diagnostics(report)
      throw ExitCode.failure
    }
    let err = Terminal.standardError
    for warning in report.warnings + report.stages.flatMap(\.warnings) {
      err.write("warning: \(TerminalText.escaped(warning))\n")
    }

    let renderer = RunRenderer(json: json, debug: debug ?? false)
    Interrupts.forwardToChild()
    defer { Interrupts.restore() }
    let submission: PluginRayRun.Submission
    do {
      do {
        submission = try run.submit(artifact: artifact, cache: cacheDirectory, dashboard: dashboard)
      } catch RayError.packageDamaged(_, let reason) {
        // The damaged archive was removed: build it again, once, and send that.
        err.write("warning: \(TerminalText.escaped(reason)); building it again\n")
        let (again, rebuilt) = try run.build(cache: cacheDirectory, jobs: CPU.count)
        guard again.succeeded, let rebuilt else {
          BuildOutput.diagnostics(again)
          throw ExitCode.failure
        }
        submission = try run.submit(artifact: rebuilt, cache: cacheDirectory, dashboard: dashboard)
      }
    } catch let exit as ExitCode {
      throw exit
    } catch {
      throw CommandFailure(error)
    }
    let uploaded =
      submission.uploadedBytes == 0
      ? "nothing to upload" : "uploaded \(ByteCount.format(Int(submission.uploadedBytes)))"
    if json {
      let line = JSONValue.object([
        "event": .string("submitted"), "job_id": .string(submission.id), "address": .string(dashboard.address.url),
        "uploaded_bytes": .number(Double(submission.uploadedBytes)), "mode": .string(mode.rawValue),
      ])
      Terminal.standardOutput.write(line.text + "\n")
    } else {
      renderer.note("job \(submission.id) submitted to \(dashboard.address.url) (\(mode.rawValue) mode, \(uploaded))")
    }
    if detach {
      if !json { Terminal.standardOutput.write(submission.id + "\n") }
      return
    }

    let follower = RayJobFollower(dashboard: dashboard, id: submission.id)
    let verbose = debug ?? false
    let outcome: RayJobFollower.Outcome
    do {
      outcome = try follower.follow(
        interrupts: { Interrupts.count },
        onLine: { line in
          for part in JobLogLine.parse(line) {
            switch part {
            case .event(let event, let json): renderer.handle(event, line: json)
            case .output(let text) where verbose || !Self.isRayBookkeeping(text): renderer.output(text)
            case .output: break
            }
          }
        },
        onStatus: { info in
          if info.status == "STOPPED" || !info.isTerminal, !json {
            renderer.note("job \(info.submissionID): \(info.status.lowercased())")
          }
        })
    } catch {
      throw CommandFailure(message: "\(error); the job may still be running: `synapse plugin job get \(submission.id)`")
    }
    switch outcome {
    case .finished(let info, let stopRequested):
      let status = renderer.finish(job: info, stopRequested: stopRequested)
      if status != 0 { throw ExitCode(status) }
    case .detached:
      err.write(
        "error: interrupted; stopped waiting for job \(submission.id), which is being stopped "
          + "(`synapse plugin job get \(submission.id)`)\n")
      throw ExitCode(130)
    }
  }

  /// Lines Ray's job manager and driver write into every job's log (`… INFO job_manager.py:…
  /// -- Runtime env is setting up.`, `Running entrypoint for job …`): shown with --debug.
  static func isRayBookkeeping(_ line: String) -> Bool {
    if line.hasPrefix("Running entrypoint for job ") { return true }
    // "2026-11-25 17:31:54,075\tINFO worker.py:1691 -- …"
    let bytes = Array(line.utf8.prefix(30))
    guard bytes.count >= 29, bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: " "),
      bytes[19] == UInt8(ascii: ",")
    else { return false }
    return line.contains("\tINFO ") && line.contains(" -- ")
  }

  /// The backend's host and access token for the action (`ctx.client`), when configured; as
  /// upstream passes them. The values go to the cluster only, never to output.
  func backendEnvironment() -> [(key: String, value: String)] {
    let credentials = backend.credentials()
    guard let token = credentials.accessToken else { return [] }
    return [("SYNAPSE_HOST", credentials.host), ("SYNAPSE_ACCESS_TOKEN", token)]
  }
}
