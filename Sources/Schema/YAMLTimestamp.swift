/// PyYAML's implicit timestamp resolver, which the YAML module leaves as
/// strings on purpose.
///
/// A plain `2024-01-01` becomes a `date` in PyYAML, which the Synapse SDK
/// rejects where it expects a string; recognising it here lets the
/// validator say "quote it" instead of passing a value upstream refuses.
/// Mirrors `[0-9]{4}-[0-9]{2}-[0-9]{2}` and
/// `[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?`.
enum YAMLTimestamp {
  static func matches(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var index = 0
    func digits(_ range: ClosedRange<Int>) -> Int? {
      var count = 0
      while index < bytes.count, count < range.upperBound, isDigit(bytes[index]) {
        index += 1
        count += 1
      }
      return count >= range.lowerBound ? count : nil
    }
    func take(_ byte: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }
    guard digits(4...4) != nil, take(UInt8(ascii: "-")), let month = digits(1...2), take(UInt8(ascii: "-")),
      let day = digits(1...2)
    else { return false }
    if index == bytes.count { return month == 2 && day == 2 }
    // Date and time, separated by T, t or blanks.
    if !take(UInt8(ascii: "T")) && !take(UInt8(ascii: "t")) {
      var blanks = 0
      while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 {
        index += 1
        blanks += 1
      }
      guard blanks > 0 else { return false }
    }
    guard digits(1...2) != nil, take(UInt8(ascii: ":")), digits(2...2) != nil, take(UInt8(ascii: ":")),
      digits(2...2) != nil
    else { return false }
    if take(UInt8(ascii: ".")) { _ = digits(0...Int.max) }
    while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    if index == bytes.count { return true }
    if take(UInt8(ascii: "Z")) { return index == bytes.count }
    guard take(UInt8(ascii: "-")) || take(UInt8(ascii: "+")), digits(1...2) != nil else { return false }
    if take(UInt8(ascii: ":")) { guard digits(2...2) != nil else { return false } }
    return index == bytes.count
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}
