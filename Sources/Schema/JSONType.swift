/// The seven JSON Schema `type` names, with the words a YAML author knows
/// them by.
enum JSONType: String, Sendable, CaseIterable {
  case null
  case boolean
  case integer
  case number
  case string
  case array
  case object

  /// The type with its article, in YAML vocabulary: a JSON object is what
  /// the author wrote as a mapping, an array as a sequence.
  var phrase: String {
    switch self {
    case .null: "null"
    case .boolean: "a boolean"
    case .integer: "an integer"
    case .number: "a number"
    case .string: "a string"
    case .array: "a sequence"
    case .object: "a mapping"
    }
  }

  /// `a, b or c`, in schema order, without repeating `a number` when `an
  /// integer` is also listed (or the reverse).
  static func phrase(for types: [JSONType]) -> String {
    var seen: [JSONType] = []
    for type in types where !seen.contains(type) {
      if type == .integer && seen.contains(.number) { continue }
      if type == .number, let index = seen.firstIndex(of: .integer) {
        seen[index] = .number
        continue
      }
      seen.append(type)
    }
    let phrases = seen.map(\.phrase)
    guard let last = phrases.last else { return "nothing" }
    if phrases.count == 1 { return last }
    return phrases.dropLast().joined(separator: ", ") + " or " + last
  }
}
