import Glibc
import Pipeline
import Stages
import YAML

/// Shows an action's events as they arrive: coloured log lines and a progress bar on a
/// terminal, plain lines otherwise, then the metrics and the result; or, with `--json`, the
/// event stream itself.
final class RunRenderer {
  let json: Bool
  let debug: Bool
  private let terminal = Terminal.standardError.isTerminal
  private let colour: Bool
  /// The progress line currently drawn at the bottom of the terminal, if any.
  private var statusLine: String?
  private var metrics: [(category: String, values: [(key: String, value: YAMLValue)])] = []
  private var result: YAMLValue?
  private var failure: (className: String, message: String, details: YAMLValue?, traceback: String?)?

  init(json: Bool, debug: Bool) {
    self.json = json
    self.debug = debug
    colour = Terminal.standardError.isTerminal && !Terminal.noColor
  }

  func handle(_ event: ActionEvent, line: String) {
    if json { Terminal.standardOutput.write(line + "\n") }
    switch event {
    case .log(let level, let message):
      if !json {
        printAboveStatus(
          styled("[\(TerminalText.escaped(level.uppercased()))]", for: level) + " " + TerminalText.escaped(message))
      }
    case .progress(let category, let current, let total):
      if !json { showProgress(category ?? "progress", current: current, total: total) }
    case .metrics(let category, let values):
      let name = category ?? "metrics"
      if let index = metrics.firstIndex(where: { $0.category == name }) {
        metrics[index].values = merged(metrics[index].values, values)
      } else {
        metrics.append((name, values))
      }
      if !json && !terminal {
        Terminal.standardError.write(TerminalText.escaped("metrics \(name): \(Self.inline(values))") + "\n")
      }
    case .result(let value):
      result = value
    case .error(let className, let message, let details, let traceback):
      failure = (className, message, details, traceback)
    case .unknown:
      break
    }
  }

  /// Prints the summary (or the failure) and returns the exit status.
  func finish(_ termination: LocalActionRun.Termination, interrupted: Bool) -> Int32 {
    clearStatus()
    let err = Terminal.standardError
    if interrupted || termination == .signalled(SIGINT) || termination == .exited(130) {
      err.write("error: interrupted\n")
      return 130
    }
    if let status = reportFailure() { return status }
    switch termination {
    case .exited(0) where result != nil:
      reportResult()
      return 0
    case .exited(let status):
      err.write(
        "error: the action's Python process exited with status \(status) without a result (see its output above)\n")
      return 1
    case .signalled(let signal):
      err.write("error: the action's Python process was killed by signal \(signal)\n")
      return 1
    }
  }

  /// The same for a Ray job: 0 when it succeeded with a result, 130 when it was stopped on
  /// an interrupt here, 1 otherwise (Ray's explanation shown when the action reported none).
  func finish(job info: RayJobInfo, stopRequested: Bool) -> Int32 {
    clearStatus()
    let err = Terminal.standardError
    if stopRequested {
      err.write(
        TerminalText.escaped(
          "error: interrupted; job \(info.submissionID) \(info.status == "STOPPED" ? "was stopped" : "ended \(info.status)")"
        )
          + "\n")
      return 130
    }
    if let status = reportFailure() { return status }
    switch info.status {
    case "SUCCEEDED" where result != nil:
      reportResult()
      return 0
    case "SUCCEEDED":
      err.write(
        TerminalText.escaped("error: job \(info.submissionID) succeeded but reported no result (see its log above)")
          + "\n")
      return 1
    case "STOPPED":
      err.write(TerminalText.escaped("error: job \(info.submissionID) was stopped") + "\n")
      return 1
    default:
      var line = "error: job \(info.submissionID) \(info.status)"
      if let type = info.errorType { line += " (\(type))" }
      err.write(TerminalText.escaped(line) + "\n")
      // Without the log's last lines Ray appends: they were shown above.
      if let message = info.summary, !message.isEmpty {
        for part in message.split(separator: "\n") { err.write("  \(TerminalText.escaped(String(part)))\n") }
      }
      return 1
    }
  }

  /// A line the job printed that is not an event: shown as the child's stderr is locally.
  func output(_ line: String) {
    if json {
      Terminal.standardError.write(line + "\n")
    } else {
      printAboveStatus(line)
    }
  }

  /// A status message of synapse's own (`submitted job …`), never on stdout.
  func note(_ text: String) {
    printAboveStatus(colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text)
  }

  private func reportFailure() -> Int32? {
    guard let failure else { return nil }
    guard !json else { return 1 }
    let err = Terminal.standardError
    err.write("error: \(TerminalText.escaped("\(failure.className): \(failure.message)"))\n")
    for line in Self.detailLines(failure.details) { err.write("  \(TerminalText.escaped(line))\n") }
    if debug, let traceback = failure.traceback {
      err.write(TerminalText.escaped(traceback.hasSuffix("\n") ? traceback : traceback + "\n"))
    }
    return 1
  }

  private func reportResult() {
    guard !json else { return }
    let out = Terminal.standardOutput
    if !metrics.isEmpty {
      out.write("Metrics:\n")
      for (category, values) in metrics {
        out.write(TerminalText.escaped("  \(category): \(Self.inline(values))") + "\n")
      }
    }
    out.write("Result:\n")
    if case .mapping(let pairs)? = result {
      for (key, value) in pairs { out.write(TerminalText.escaped("  \(key): \(Self.text(value))") + "\n") }
    } else if let result {
      out.write(TerminalText.escaped("  \(Self.text(result))") + "\n")
    }
  }

  // MARK: - Drawing

  private func showProgress(_ category: String, current: Double, total: Double) {
    let counts = "\(Self.number(current))/\(Self.number(total))"
    guard terminal else {
      let shown = TerminalText.escaped(category, lineBreaks: false)
      Terminal.standardError.write(category == "progress" ? "progress: \(counts)\n" : "progress \(shown): \(counts)\n")
      return
    }
    let width = 24
    let filled = total > 0 ? min(width, Int((current / total) * Double(width))) : 0
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let label = TerminalText.escaped(category, lineBreaks: false).padding(to: 11) + " "
    let line = label + "\(bar) \(counts)"
    if let statusLine, !statusLine.hasPrefix(label) {
      // A new category: keep the finished bar on its own line.
      Terminal.standardError.write("\r\u{1B}[K" + statusLine + "\n")
    }
    statusLine = line
    Terminal.standardError.write("\r\u{1B}[K" + line)
  }

  private func printAboveStatus(_ text: String) {
    let err = Terminal.standardError
    if terminal, statusLine != nil { err.write("\r\u{1B}[K") }
    err.write(text + "\n")
    if terminal, let statusLine { err.write(statusLine) }
  }

  private func clearStatus() {
    guard terminal, let statusLine else { return }
    Terminal.standardError.write("\r\u{1B}[K" + statusLine + "\n")
    self.statusLine = nil
  }

  private func styled(_ text: String, for level: String) -> String {
    guard colour else { return text }
    let code: String
    switch level.lowercased() {
    case "debug": code = "90"
    case "success": code = "92"
    case "warning": code = "93"
    case "danger", "error", "critical": code = "91"
    default: code = "94"
    }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }

  private func merged(
    _ old: [(key: String, value: YAMLValue)], _ new: [(key: String, value: YAMLValue)]
  ) -> [(key: String, value: YAMLValue)] {
    var result = old
    for pair in new {
      if let index = result.firstIndex(where: { $0.key == pair.key }) {
        result[index].value = pair.value
      } else {
        result.append(pair)
      }
    }
    return result
  }

  // MARK: - Text

  static func inline(_ values: [(key: String, value: YAMLValue)]) -> String {
    values.map { "\($0.key)=\(text($0.value))" }.joined(separator: " ")
  }

  /// Scalars as themselves, collections as compact JSON.
  static func text(_ value: YAMLValue) -> String {
    switch value {
    case .string(let text): return text
    case .sequence, .mapping: return PythonJSON.encode(value)
    default: return PythonJSON.encode(value)
    }
  }

  static func number(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }

  /// A failure's details: pydantic's field errors as `field: message`, anything else as JSON.
  static func detailLines(_ details: YAMLValue?) -> [String] {
    guard let details else { return [] }
    if case .sequence(let items) = details {
      let lines = items.compactMap { item -> String? in
        guard case .string(let message)? = item["msg"] else { return nil }
        var location = ""
        if case .sequence(let parts)? = item["loc"] { location = parts.map(text).joined(separator: ".") }
        return location.isEmpty ? message : "\(location): \(message)"
      }
      if lines.count == items.count { return lines }
    }
    return [PythonJSON.encode(details)]
  }
}
