import ArgumentParser
import Glibc
import HTTP
import Pipeline
import Stages
import YAML

/// `synapse plugin job get|logs|stop ID`: jobs on a Ray cluster (`--mode job`/`task`) or on
/// the Synapse backend (`--mode remote`).
struct JobCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "job",
    abstract: "Show, follow or stop a job on a Ray cluster or the Synapse backend.",
    discussion: """
      A job id synapse made for a Ray job (synapse-…) or Ray made (raysubmit_…), or --ray, or \
      --ray-address, means the Ray cluster (--ray-address, else $RAY_ADDRESS, else \
      http://127.0.0.1:8265). Any other id is the backend's (--host/--token, else \
      $SYNAPSE_HOST/$SYNAPSE_ACCESS_TOKEN, else ~/.synapse/config.json).
      """,
    subcommands: [JobGetCommand.self, JobLogsCommand.self, JobStopCommand.self])
}

/// Which job, and where.
struct JobTarget: ParsableArguments {
  @Argument(help: "The job id.")
  var id: String

  @Flag(help: "The job is on a Ray cluster (implied by a synapse-… or raysubmit_… id, and by --ray-address).")
  var ray = false

  @OptionGroup(title: "Ray") var rayOptions: RayOptions

  @OptionGroup var backend: BackendOptions

  @OptionGroup var http: HTTPOptions

  var isRay: Bool {
    ray || rayOptions.address != nil || id.hasPrefix(PluginRayRun.idPrefix) || id.hasPrefix("raysubmit_")
  }

  func backend(stallTimeout: Double? = nil) throws -> BackendClient {
    let credentials = backend.credentials()
    guard credentials.accessToken != nil || credentials.userToken != nil else {
      throw CommandFailure(BackendJobError.notAuthenticated)
    }
    var configuration = http.configuration
    if let stallTimeout { configuration.stallTimeout = stallTimeout }
    do {
      return try BackendClient(credentials: credentials, configuration: configuration)
    } catch {
      throw CommandFailure(error)
    }
  }
}

struct JobGetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "get", abstract: "Show a job's status.",
    discussion: """
      Values of the job's environment whose names look like credentials (…TOKEN, …SECRET, \
      …PASSWORD, …KEY) are shown as <redacted>: Ray returns them in clear to anyone who asks.
      """)

  @OptionGroup var target: JobTarget

  @Flag(help: "Print the job as JSON.")
  var json = false

  func run() throws {
    let out = Terminal.standardOutput
    if target.isRay {
      let info: RayJobInfo
      do {
        info = try target.rayOptions.dashboard(target.http).job(target.id)
      } catch let failure as CommandFailure {
        throw failure
      } catch {
        throw CommandFailure(error)
      }
      if json {
        out.write(PythonJSON.encode(info.redacted, indent: 2) + "\n")
        return
      }
      var rows: [(String, String)] = [("ID", info.submissionID), ("Status", info.status)]
      let metadata = Dictionary(info.metadata, uniquingKeysWith: { a, _ in a })
      if let plugin = metadata["synapse_plugin"] {
        rows.append(("Plugin", plugin + (metadata["synapse_version"].map { " \($0)" } ?? "")))
      }
      if let action = metadata["synapse_action"] { rows.append(("Action", action)) }
      if let mode = metadata["synapse_mode"] { rows.append(("Mode", mode)) }
      if let message = info.summary, !message.isEmpty { rows.append(("Message", message)) }
      if let type = info.errorType { rows.append(("Error type", type)) }
      if let code = info.driverExitCode { rows.append(("Exit code", String(code))) }
      if let start = info.startTime, start > 0 { rows.append(("Started", Self.utc(milliseconds: start))) }
      if let end = info.endTime, end > 0 { rows.append(("Finished", Self.utc(milliseconds: end))) }
      for (label, value) in rows { out.write(label.padding(to: 11) + TerminalText.escaped(value) + "\n") }
      return
    }
    let client = try target.backend()
    let job: YAMLValue
    do {
      job = try client.job(target.id)
    } catch {
      throw CommandFailure(error)
    }
    let redacted = SecretRedaction.redactingEnvironment(job, secrets: client.credentials.secrets)
    if json {
      out.write(PythonJSON.encode(redacted, indent: 2) + "\n")
      return
    }
    var rows: [(String, String)] = [("ID", Self.text(job["id"]) ?? target.id)]
    if let status = Self.text(job["status"]) { rows.append(("Status", status)) }
    if let action = Self.text(job["action"]) { rows.append(("Action", action)) }
    if let release = job["plugin_release"], case .mapping = release {
      let plugin = Self.text(release["plugin"]) ?? Self.text(release["code"]) ?? "?"
      rows.append(("Plugin", plugin + (Self.text(release["version"]).map { " \($0)" } ?? "")))
    }
    if let agent = job["agent"], case .mapping = agent {
      rows.append(("Agent", Self.text(agent["name"]) ?? Self.text(agent["id"]) ?? "?"))
    }
    for (label, key) in [("Created", "created"), ("Started", "started_at"), ("Finished", "finished_at")] {
      if let value = Self.text(job[key]) { rows.append((label, value)) }
    }
    for (label, value) in rows { out.write(label.padding(to: 11) + TerminalText.escaped(value) + "\n") }
  }

  static func text(_ value: YAMLValue?) -> String? {
    guard let value, value != .null else { return nil }
    return RunRenderer.text(value)
  }

  /// `2026-11-25 17:31:54 UTC` from Unix milliseconds.
  static func utc(milliseconds: Int) -> String {
    var seconds = time_t(milliseconds / 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) UTC"
  }
}

struct JobLogsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs", abstract: "Print a job's log; -f follows it until the job ends.",
    discussion: """
      For a Ray job, the runtime's events are shown as `plugin run` shows them ([INFO] …, \
      progress: 3/10, result: …); --raw prints the log exactly as Ray holds it. Ctrl-C stops \
      following; the job goes on.
      """)

  @OptionGroup var target: JobTarget

  @Flag(name: [.short, .customLong("follow")], help: "Keep printing new lines until the job ends.")
  var follow = false

  @Flag(help: "Ray: print the log as it is, events included as JSON.")
  var raw = false

  func run() throws {
    let out = Terminal.standardOutput
    if target.isRay {
      let dashboard = try target.rayOptions.dashboard(target.http)
      let show: (String) -> Void = { line in
        if raw {
          out.write(line + "\n")
          return
        }
        for part in JobLogLine.parse(line) {
          switch part {
          case .output(let text): out.write(text + "\n")
          case .event(let event, _): if let text = Self.describe(event) { out.write(TerminalText.escaped(text) + "\n") }
          }
        }
      }
      do {
        if follow {
          Interrupts.forwardToChild()
          defer { Interrupts.restore() }
          // Following is all this command does: the first Ctrl-C ends it, the job goes on.
          let outcome = try RayJobFollower(dashboard: dashboard, id: target.id)
            .follow(interrupts: { Interrupts.count > 0 ? 2 : 0 }, onLine: show)
          if case .detached = outcome { throw ExitCode(130) }
        } else {
          var cursor = JobLogCursor()
          for line in cursor.finish(try dashboard.logs(target.id)) { show(line) }
        }
      } catch let exit as ExitCode {
        throw exit
      } catch {
        throw CommandFailure(error)
      }
      return
    }
    do {
      if follow {
        // Server-sent events may be quiet for long stretches.
        try target.backend(stallTimeout: 24 * 3600).tailConsoleLogs(target.id) { message in
          Terminal.standardOutput.write(message + "\n")
        }
      } else {
        for line in try target.backend().consoleLogs(target.id) { out.write(line + "\n") }
      }
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw CommandFailure(error)
    }
  }

  /// One line for an event, as `plugin run` shows it without a terminal.
  static func describe(_ event: ActionEvent) -> String? {
    switch event {
    case .log(let level, let message): return "[\(level.uppercased())] \(message)"
    case .progress(let category, let current, let total):
      let counts = "\(RunRenderer.number(current))/\(RunRenderer.number(total))"
      return category.map { "progress \($0): \(counts)" } ?? "progress: \(counts)"
    case .metrics(let category, let values): return "metrics \(category ?? "metrics"): \(RunRenderer.inline(values))"
    case .result(let value): return "result: \(PythonJSON.encode(value))"
    case .error(let className, let message, _, _): return "error: \(className): \(message)"
    case .unknown: return nil
    }
  }
}

struct JobStopCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop", abstract: "Stop a Ray job (SIGTERM to its processes, SIGKILL 3 s later).")

  @OptionGroup var target: JobTarget

  func run() throws {
    guard target.isRay else {
      throw CommandFailure(
        message: "the Synapse backend has no endpoint to stop job \(target.id); only Ray jobs can be stopped here "
          + "(pass --ray for a Ray job whose id synapse did not make)")
    }
    do {
      let dashboard = try target.rayOptions.dashboard(target.http)
      if try dashboard.stop(target.id) {
        Terminal.standardOutput.write("stopping job \(target.id)\n")
      } else {
        let info = try dashboard.job(target.id)
        Terminal.standardOutput.write("job \(target.id) had already ended: \(info.status)\n")
      }
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw CommandFailure(error)
    }
  }
}
