/// The texts of a subschema's `x-message` vendor keyword.
///
/// A schema author knows what a rule means (`lowercase letters, digits and
/// hyphens`) better than a generic message can say it, so failures of the
/// subschema's own keywords may use the author's text instead. `{value}`
/// stands for the offending value and `{expected}` for the keyword's value.
struct MessageOverrides: Sendable {
  /// Used for every keyword of the subschema (`x-message` given as a string).
  var all: String?
  /// Per keyword (`x-message` given as an object).
  var byKeyword: [String: String] = [:]

  static let none = MessageOverrides()

  func template(for keyword: String) -> String? {
    byKeyword[keyword] ?? all
  }

  /// The author's text for `keyword` with placeholders filled in, or `nil`
  /// when the generated message should be used.
  func message(for keyword: String, value: @autoclosure () -> String, expected: @autoclosure () -> String)
    -> String?
  {
    guard let template = template(for: keyword) else { return nil }
    var text = template
    if text.contains("{value}") { text = text.replacing("{value}", with: value()) }
    if text.contains("{expected}") { text = text.replacing("{expected}", with: expected()) }
    return text
  }
}
