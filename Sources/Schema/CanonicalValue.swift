import YAML

/// A text form under which two values are equal exactly when JSON Schema
/// calls them equal, so `enum`, `const` and `uniqueItems` compare YAML with
/// schema JSON (and YAML with YAML) by string equality and hashing.
///
/// Numbers compare by value (`1`, `1.0` and `0x1` are one number), a boolean
/// never equals a number, mapping order does not matter, and strings carry
/// their length so no string can imitate structure. Values JSON cannot hold
/// (non-string keys, dates, unsupported tags) get forms no JSON value has.
enum CanonicalValue {
  static func of(_ value: JSONValue) -> String {
    switch value {
    case .null: return "z"
    case .bool(let flag): return flag ? "T" : "F"
    case .number(let literal): return number(literal.value)
    case .string(let text): return string(text)
    case .array(let values): return "[" + values.map(of).joined(separator: ",") + "]"
    case .object(let members):
      var last: [String: String] = [:]
      for member in members { last[member.key] = of(member.value) }
      return object(last.map { (string($0.key), $0.value) })
    }
  }

  /// Deeper documents compare unequal below this level rather than risk
  /// the stack; the YAML loader stops at 512 levels anyway.
  static let maxDepth = 600

  static func of(_ node: YAMLNode, depth: Int = 0) -> String {
    guard depth < maxDepth else { return "d\(node.start.offset)" }
    switch Instance(node) {
    case .null: return "z"
    case .bool(let flag): return flag ? "T" : "F"
    case .int(let value): return number(Double(value))
    case .float(let value): return number(value)
    case .string(let text): return string(text)
    case .timestamp(let text): return "t" + string(text)
    case .unsupported: return "u" + string(node.scalar?.value ?? "")
    case .sequence(let items): return "[" + items.map { of($0, depth: depth + 1) }.joined(separator: ",") + "]"
    case .mapping(let pairs):
      var last: [String: String] = [:]
      for pair in EffectiveMapping.pairs(pairs) {
        let key = Instance(pair.key).string.map(string) ?? "k" + of(pair.key, depth: depth + 1)
        last[key] = of(pair.value, depth: depth + 1)
      }
      return object(last.map { ($0.key, $0.value) })
    }
  }

  private static func number(_ value: Double) -> String {
    "n\(value == 0 ? 0 : value)"
  }

  private static func string(_ text: String) -> String {
    "s\(text.utf8.count):" + text
  }

  private static func object(_ members: [(String, String)]) -> String {
    "{" + members.sorted { $0.0 < $1.0 }.map { $0.0 + "=" + $0.1 }.joined(separator: ",") + "}"
  }
}
