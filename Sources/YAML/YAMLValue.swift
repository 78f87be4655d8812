/// A YAML value built in code, to be written into a document by ``YAMLEmitter``.
///
/// Mappings keep their key order: generated config (hyperparameter schemas, new actions)
/// is written in the order a reader expects, not sorted.
public indirect enum YAMLValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  /// A float with its text already in YAML form (`0.001`, `1.0e-06`, `.inf`).
  case float(String)
  case string(String)
  case sequence([YAMLValue])
  case mapping([(key: String, value: YAMLValue)])

  public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.float(let x), .float(let y)): return Double(x) == Double(y) || x == y
    case (.string(let x), .string(let y)): return x == y
    case (.sequence(let x), .sequence(let y)): return x == y
    case (.mapping(let x), .mapping(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: return false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .bool(let b): hasher.combine(b)
    case .int(let i): hasher.combine(i)
    case .float(let f): hasher.combine(Double(f))
    case .string(let s): hasher.combine(s)
    case .sequence(let items): hasher.combine(items)
    case .mapping(let pairs):
      for p in pairs {
        hasher.combine(p.key)
        hasher.combine(p.value)
      }
    }
  }

  /// Equality that ignores mapping key order, as JSON comparisons with sorted keys do.
  public func isEquivalent(to other: YAMLValue) -> Bool {
    switch (self, other) {
    case (.sequence(let x), .sequence(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.isEquivalent(to: $1) }
    case (.mapping(let x), .mapping(let y)):
      guard x.count == y.count else { return false }
      let other = Dictionary(y.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
      return x.allSatisfy { pair in other[pair.key].map { pair.value.isEquivalent(to: $0) } ?? false }
    case (.int(let i), .float(let f)), (.float(let f), .int(let i)):
      return Double(f) == Double(i)
    default:
      return self == other
    }
  }
}

extension YAMLValue {
  /// The value of `key` when this is a mapping (the first pair with that key, as lookups in
  /// ``YAMLNode`` do).
  public subscript(key: String) -> YAMLValue? {
    guard case .mapping(let pairs) = self else { return nil }
    return pairs.first { $0.key == key }?.value
  }
}

extension YAMLNode {
  /// The node as a ``YAMLValue`` with YAML 1.1 resolution, for comparing what a file holds
  /// with what should be there.
  public var value: YAMLValue {
    switch kind {
    case .scalar:
      switch resolved ?? .null {
      case .null: return .null
      case .bool(let b): return .bool(b)
      case .int(let i): return .int(i)
      case .float(let d): return .float(String(d))
      case .string(let s): return .string(s)
      }
    case .sequence(let items):
      return .sequence(items.map(\.value))
    case .mapping(let pairs):
      return .mapping(pairs.map { (key: $0.key.scalar?.value ?? "", value: $0.value.value) })
    }
  }
}
