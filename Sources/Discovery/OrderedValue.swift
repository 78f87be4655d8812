/// A typed value with ordered mappings: what FormKit schemas and literal defaults are made of.
///
/// Mappings keep insertion order (the order Python's dicts have, which is the order upstream
/// writes YAML keys in), and floats keep Python's `repr` text so a renderer can print them the
/// way Python would (`1e-06`, `0.001`, `1.0`).
public indirect enum OrderedValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  /// A float as Python's `repr` prints it.
  case float(String)
  case string(String)
  case list([OrderedValue])
  case dict([Entry])

  /// One key/value pair of a `dict`.
  public struct Entry: Sendable, Hashable {
    public var key: String
    public var value: OrderedValue

    public init(_ key: String, _ value: OrderedValue) {
      self.key = key
      self.value = value
    }
  }

  /// The value for `key` when this is a `dict`.
  public subscript(key: String) -> OrderedValue? {
    guard case .dict(let entries) = self else { return nil }
    return entries.first { $0.key == key }?.value
  }

  /// Python truthiness: `None`, `False`, zero, and empty strings and containers are false.
  public var isTruthy: Bool {
    switch self {
    case .null: return false
    case .bool(let flag): return flag
    case .int(let number): return number != 0
    case .float(let repr): return Double(repr).map { $0 != 0 } ?? true
    case .string(let text): return !text.isEmpty
    case .list(let items): return !items.isEmpty
    case .dict(let entries): return !entries.isEmpty
    }
  }
}

extension [OrderedValue.Entry] {
  /// Sets `key` the way a Python dict assignment does: an existing key keeps its position.
  mutating func set(_ key: String, _ value: OrderedValue) {
    if let index = firstIndex(where: { $0.key == key }) {
      self[index].value = value
    } else {
      append(OrderedValue.Entry(key, value))
    }
  }

  func value(_ key: String) -> OrderedValue? {
    first { $0.key == key }?.value
  }
}
