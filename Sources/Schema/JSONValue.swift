/// A JSON value as read from the schema file, with object members kept in
/// source order so that messages list choices the way the schema lists them.
///
/// Equality follows JSON Schema's notion of "equal": numbers compare by
/// value (`1 == 1.0`), objects ignore member order, and a boolean never
/// equals a number.
enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(JSONNumber)
  case string(String)
  case array([JSONValue])
  case object([JSONMember])

  /// The member named `key`; the last one wins, as in most JSON readers.
  subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }

  static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null):
      return true
    case (.bool(let a), .bool(let b)):
      return a == b
    case (.number(let a), .number(let b)):
      return a.value == b.value
    case (.string(let a), .string(let b)):
      return a == b
    case (.array(let a), .array(let b)):
      return a == b
    case (.object(let a), .object(let b)):
      guard a.count == b.count else { return false }
      return a.allSatisfy { member in b.contains { $0.key == member.key && $0.value == member.value } }
    default:
      return false
    }
  }
}
