import Schema
import YAML

/// One event of the runtime's JSON-lines protocol (runtime/synapse_sdk/plugins/events.py):
/// what an action reports while it runs, and how it ended.
public enum ActionEvent: Sendable, Equatable {
  case log(level: String, message: String)
  case progress(category: String?, current: Double, total: Double)
  case metrics(category: String?, values: [(key: String, value: YAMLValue)])
  case result(YAMLValue)
  case error(className: String, message: String, details: YAMLValue?, traceback: String?)
  /// A line that is not a known event (kept so `--json` passes everything through).
  case unknown(String)

  /// Parses one line; nil for a blank line.
  public static func parse(_ line: String) -> ActionEvent? {
    guard !line.allSatisfy(\.isWhitespace) else { return nil }
    guard let value = try? JSONReader.parse(Array(line.utf8)), case .mapping(let pairs) = value,
      case .string(let kind)? = pairs.first(where: { $0.key == "event" })?.value
    else { return .unknown(line) }
    func field(_ key: String) -> YAMLValue? { pairs.first { $0.key == key }?.value }
    func text(_ key: String) -> String? {
      if case .string(let text)? = field(key) { return text }
      return nil
    }
    func number(_ key: String) -> Double? {
      switch field(key) {
      case .int(let value)?: return Double(value)
      case .float(let text)?: return Double(text)
      default: return nil
      }
    }
    switch kind {
    case "log":
      return .log(level: text("level") ?? "info", message: text("message") ?? "")
    case "progress":
      return .progress(category: text("category"), current: number("current") ?? 0, total: number("total") ?? 0)
    case "metrics":
      guard case .mapping(let values)? = field("values") else { return .unknown(line) }
      return .metrics(category: text("category"), values: values)
    case "result":
      return .result(field("result") ?? .null)
    case "error":
      var details = field("details")
      if details == .null { details = nil }
      return .error(
        className: text("class") ?? "Error", message: text("message") ?? "", details: details,
        traceback: text("traceback"))
    default:
      return .unknown(line)
    }
  }

  public static func == (lhs: ActionEvent, rhs: ActionEvent) -> Bool {
    switch (lhs, rhs) {
    case (.log(let a, let b), .log(let c, let d)): return a == c && b == d
    case (.progress(let a, let b, let c), .progress(let d, let e, let f)): return a == d && b == e && c == f
    case (.metrics(let a, let b), .metrics(let c, let d)): return a == c && YAMLValue.mapping(b) == .mapping(d)
    case (.result(let a), .result(let b)): return a == b
    case (.error(let a, let b, let c, let d), .error(let e, let f, let g, let h)):
      return a == e && b == f && c == g && d == h
    case (.unknown(let a), .unknown(let b)): return a == b
    default: return false
    }
  }
}
