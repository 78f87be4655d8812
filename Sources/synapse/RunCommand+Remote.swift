import ArgumentParser
import Glibc
import Pipeline
import Schema
import Stages
import YAML

extension RunCommand {
  /// `--mode remote`: the backend runs the action on an agent; the job it starts is followed
  /// (status and console logs) until it ends, unless --detach.
  func runRemote() throws {
    let paramsText = try readParams()
    var params: YAMLValue? = params == nil ? nil : try? JSONReader.parse(Array(paramsText.utf8))
    let remoteAction = ["infer": "inference", "deploy": "deployment"][action] ?? action
    if action == "infer", let input {
      let value: YAMLValue
      do {
        value = try JSONReader.parse(Array(input.utf8))
      } catch {
        throw CommandFailure(message: "Invalid JSON input: \(error)")
      }
      var pairs: [(key: String, value: YAMLValue)] = []
      if case .mapping(let existing)? = params { pairs = existing.filter { $0.key != "input" && $0.key != "path" } }
      params = .mapping(pairs + [("input", value), ("path", .string(inferPath))])
    }
    let file = CredentialsFile.standard()
    let credentials = backend.credentials(file: file)
    guard credentials.accessToken != nil || credentials.userToken != nil else {
      throw CommandFailure(BackendJobError.notAuthenticated)
    }
    let saved = file.agent()
    guard let agentID = agent ?? saved?.id else { throw CommandFailure(BackendJobError.noAgent) }
    let code = try plugin ?? pluginCode()
    let client: BackendClient
    do {
      client = try BackendClient(credentials: credentials, configuration: http.configuration)
    } catch {
      throw CommandFailure(error)
    }
    let err = Terminal.standardError
    let agentName = agent == nil ? saved?.name ?? String(agentID) : String(agentID)
    err.write("Plugin: \(code)\nAction: \(remoteAction)\nAgent: \(agentName)\n")
    let reply: YAMLValue
    do {
      reply = try client.runPlugin(
        code: code, agent: agentID, action: remoteAction, params: params, debug: debug ?? true, language: lang ?? "ko")
    } catch {
      throw CommandFailure(error)
    }
    guard let jobID = Self.jobID(in: reply), !detach else {
      if json {
        Terminal.standardOutput.write(PythonJSON.encode(Self.shown(reply, credentials)) + "\n")
      } else if let jobID = Self.jobID(in: reply) {
        Terminal.standardOutput.write(jobID + "\n")
      } else {
        Terminal.standardOutput.write("Result: \(PythonJSON.encode(reply))\n")
      }
      return
    }
    err.write("job \(jobID) started on \(credentials.displayHost)\n")
    Interrupts.forwardToChild()
    defer { Interrupts.restore() }
    var shown = 0
    var job: YAMLValue = .null
    do {
      while true {
        job = try client.job(jobID)
        let status = Self.status(of: job)
        let lines = try client.consoleLogs(jobID)
        if lines.count < shown { shown = 0 }
        for line in lines[shown...] { err.write(line + "\n") }
        shown = lines.count
        if Self.terminalStatuses.contains(status) { break }
        if Interrupts.count > 0 {
          err.write(
            "error: interrupted; stopped following job \(jobID), which goes on on the backend "
              + "(`synapse plugin job logs -f \(jobID)`)\n")
          throw ExitCode(130)
        }
        RayJobFollower.sleep(1)
      }
    } catch let exit as ExitCode {
      throw exit
    } catch {
      throw CommandFailure(error)
    }
    let status = Self.status(of: job)
    if json {
      Terminal.standardOutput.write(PythonJSON.encode(Self.shown(job, credentials)) + "\n")
    } else if status == "SUCCEEDED" {
      let out = Terminal.standardOutput
      out.write("Result:\n")
      if case .mapping(let pairs)? = job["result"] {
        for (key, value) in pairs { out.write(TerminalText.escaped("  \(key): \(RunRenderer.text(value))") + "\n") }
      } else if let result = job["result"], result != .null {
        out.write(TerminalText.escaped("  \(RunRenderer.text(result))") + "\n")
      }
    }
    guard status == "SUCCEEDED" else {
      var message = "job \(jobID) \(status)"
      if case .string(let error)? = job["result"]?["error"] { message += ": \(error)" }
      throw CommandFailure(message: message)
    }
  }

  /// What the backend returned, fit to print: a job's environment holds credentials (the
  /// worker's, often the caller's own token), as `plugin job get` also hides them.
  static func shown(_ value: YAMLValue, _ credentials: BackendCredentials) -> YAMLValue {
    SecretRedaction.redactingEnvironment(value, secrets: credentials.secrets)
  }

  static let terminalStatuses: Set<String> = ["SUCCEEDED", "FAILED", "STOPPED", "CANCELED", "CANCELLED"]

  static func status(of job: YAMLValue) -> String {
    if case .string(let status)? = job["status"] { return status.uppercased() }
    return "UNKNOWN"
  }

  /// The job a run started: `job_id`, else `id` (a string or a number).
  static func jobID(in reply: YAMLValue) -> String? {
    for key in ["job_id", "id"] {
      switch reply[key] {
      case .string(let id)? where !id.isEmpty: return id
      case .int(let id)?: return String(id)
      default: continue
      }
    }
    return nil
  }

  /// The code in config.yaml, for `--plugin`'s default.
  func pluginCode() throws -> String {
    do {
      let location = try PluginLocation.resolve(path: path, config: nil)
      let header = try PluginHeader.parse(
        try FileSystem.readFile(location.configAbsolutePath), file: location.configPath)
      return header.code
    } catch {
      throw CommandFailure(error)
    }
  }
}
