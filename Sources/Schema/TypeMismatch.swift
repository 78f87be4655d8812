import YAML

/// The message for a value of the wrong type, with the YAML 1.1 pitfalls
/// spelled out: the author wrote text, YAML read something else.
///
/// `version: 1.0` is a float, `on`/`yes`/`off`/`no` are booleans, an empty
/// value or `~` is null and `2024-01-01` is a date; each gets the quoted
/// form to write instead. The reverse slip (`epochs: "10"` where a number
/// is expected) gets "remove the quotes".
enum TypeMismatch {
  static func detail(_ node: YAMLNode, expected: [JSONType], location: Location) -> String {
    let instance = Instance(node)
    if expected.contains(.string), let scalar = node.scalar, node.tag == nil, scalar.style == .plain,
      let kind = misreadKind(instance)
    {
      let text = scalar.value
      if location.isKey {
        return "key \(text) is \(kind) in YAML, not a string; quote it: \(ValueText.quoted(text)):"
      }
      if text.isEmpty {
        return "is empty, which YAML reads as null; write \(location.hintPrefix)\"\""
      }
      return "\(text) is \(kind) in YAML; quote it: \(location.hintPrefix)\(ValueText.quoted(text))"
    }
    let wanted = JSONType.phrase(for: expected)
    if location.isKey {
      return "key must be \(wanted), not \(actual(node, instance))"
    }
    var message = "expected \(wanted), got \(actual(node, instance))"
    if let scalar = node.scalar, scalar.style == .singleQuoted || scalar.style == .doubleQuoted, node.tag == nil {
      let unquoted = Instance(
        YAMLNode(kind: .scalar(YAMLScalar(value: scalar.value, style: .plain)), start: node.start, end: node.end))
      if expected.contains(where: { unquoted.hasType($0) }) { message += "; remove the quotes" }
    }
    return message
  }

  /// How YAML typed a plain scalar the author probably meant as text.
  private static func misreadKind(_ instance: Instance) -> String? {
    switch instance {
    case .int, .float: "a number"
    case .bool: "a boolean"
    case .null: "null"
    case .timestamp: "a date"
    default: nil
    }
  }

  private static func actual(_ node: YAMLNode, _ instance: Instance) -> String {
    let text = node.scalar?.value ?? ""
    switch instance {
    case .mapping: return "a mapping"
    case .sequence: return "a sequence"
    case .string(let value): return "a string (\(ValueText.quoted(value)))"
    case .int, .float: return "a number (\(text))"
    case .bool: return "a boolean (\(text))"
    case .null: return text.isEmpty ? "an empty value (null)" : "null"
    case .timestamp: return "a date (\(text))"
    case .unsupported: return "a value of an unsupported type"
    }
  }
}
