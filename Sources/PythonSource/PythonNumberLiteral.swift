/// Reads NUMBER tokens into values, and prints floats exactly as Python's `repr` does.
public enum PythonNumberLiteral {
  /// The value of a NUMBER token: `.int`, `.float` (repr text) or `.other` (complex numbers and
  /// integers too large for `Int`).
  static func value(of text: String) -> PythonExpression {
    let lower = text.lowercased()
    if lower.hasSuffix("j") { return .other(text) }
    let digits = lower.filter { $0 != "_" }
    if digits.hasPrefix("0x") || digits.hasPrefix("0o") || digits.hasPrefix("0b") {
      let radix = digits.hasPrefix("0x") ? 16 : digits.hasPrefix("0o") ? 8 : 2
      guard let value = Int(digits.dropFirst(2), radix: radix) else { return .other(text) }
      return .int(value)
    }
    if digits.contains(".") || digits.contains("e") {
      guard let value = Double(digits) else { return .other(text) }
      return .float(repr(value))
    }
    guard let value = Int(digits) else { return .other(text) }
    return .int(value)
  }

  /// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
  /// decimal exponent is in [-4, 16), otherwise in exponent notation with a two-digit minimum.
  ///
  /// Swift's `description` already finds the shortest round-trip digits; only the layout
  /// differs, so the digits are taken from it and laid out again.
  public static func repr(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let sign = value.sign == .minus ? "-" : ""
    if value == 0 { return sign + "0.0" }
    let text = Swift.abs(value).description
    let parts = text.split(separator: "e", maxSplits: 1)
    let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
    let mantissa = parts[0].split(separator: ".", maxSplits: 1)
    let integerDigits = String(mantissa[0])
    let fractionDigits = mantissa.count == 2 ? String(mantissa[1]) : ""
    var digits = Array(integerDigits + fractionDigits)
    var point = integerDigits.count + exponent
    while let first = digits.first, first == "0" {
      digits.removeFirst()
      point -= 1
    }
    while let last = digits.last, last == "0" { digits.removeLast() }
    if digits.isEmpty { return sign + "0.0" }
    let count = digits.count
    if point > -4 && point <= 16 {
      if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
      if point >= count { return sign + String(digits) + String(repeating: "0", count: point - count) + ".0" }
      return sign + String(digits[..<point]) + "." + String(digits[point...])
    }
    let decimalExponent = point - 1
    var result = sign + String(digits[0])
    if count > 1 { result += "." + String(digits[1...]) }
    let magnitude = Swift.abs(decimalExponent)
    result += (decimalExponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    return result
  }
}
