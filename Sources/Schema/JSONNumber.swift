/// A JSON number: its value plus the text it was written as, so that a
/// message says `minimum 1` rather than `1.0`.
struct JSONNumber: Sendable {
  let value: Double
  let literal: String

  /// The value as an `Int` when it is a whole number that fits.
  var intValue: Int? {
    guard value.rounded() == value, value >= -9.0e18, value <= 9.0e18 else { return nil }
    return Int(value)
  }
}
