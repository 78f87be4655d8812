import YAML

/// A YAML node seen as a JSON Schema instance, typed the way PyYAML's
/// `safe_load` types it, since that is what the Synapse SDK reads.
enum Instance {
  case null
  case bool(Bool)
  case int(Int)
  case float(Double)
  case string(String)
  /// A plain scalar PyYAML turns into a date or datetime (`2024-01-01`):
  /// neither a string nor a number for JSON Schema.
  case timestamp(String)
  case mapping([YAMLPair])
  case sequence([YAMLNode])
  /// A node whose tag makes it something other than plain data (`!Ref x`,
  /// `!!set`, `!!omap`) or a scalar whose text does not fit its tag
  /// (`!!int abc`); reported once by `DocumentCheck`, not validated.
  case unsupported

  init(_ node: YAMLNode) {
    switch node.kind {
    case .mapping(let pairs):
      self = Self.isPlain(node.tag, "map") ? .mapping(pairs) : .unsupported
    case .sequence(let items):
      self = Self.isPlain(node.tag, "seq") ? .sequence(items) : .unsupported
    case .scalar(let scalar):
      switch node.resolved {
      case nil: self = .unsupported
      case .null: self = .null
      case .bool(let flag): self = .bool(flag)
      case .int(let number): self = .int(number)
      case .float(let number): self = .float(number)
      case .string(let text):
        if node.tag == nil && scalar.style == .plain && YAMLTimestamp.matches(text) {
          self = .timestamp(text)
        } else {
          self = .string(text)
        }
      }
    }
  }

  /// Whether a collection's tag leaves it a plain mapping or sequence.
  static func isPlain(_ tag: String?, _ kind: String) -> Bool {
    guard let tag else { return true }
    return tag == "!" || tag == "tag:yaml.org,2002:" + kind
  }

  /// The string value, when this is a string.
  var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The numeric value, when this is an integer or a float.
  var number: Double? {
    switch self {
    case .int(let number): Double(number)
    case .float(let number): number
    default: nil
    }
  }

  /// Whether this instance has `type`, following JSON Schema: a float with
  /// no fractional part is an integer, a boolean is never a number.
  func hasType(_ type: JSONType) -> Bool {
    switch (type, self) {
    case (.null, .null), (.boolean, .bool), (.string, .string), (.array, .sequence), (.object, .mapping):
      true
    case (.integer, .int), (.number, .int), (.number, .float):
      true
    case (.integer, .float(let number)):
      number.isFinite && number.rounded() == number
    default:
      false
    }
  }
}
