/// PyYAML's YAML 1.1 implicit resolver and its `safe_load` constructors,
/// written out by hand.
///
/// The matchers mirror the regular expressions in PyYAML's `resolver.py` one
/// alternative at a time (so behaviour can be checked against that file), and
/// the converters mirror `SafeConstructor.construct_yaml_int/float`. Regex
/// literals are avoided because compiling them costs start-up time in a
/// short-lived command-line process.
enum YAML11Resolver {
  static func resolve(plain value: String) -> ResolvedScalar {
    let text = Array(value.utf8)
    if isNull(text) { return .null }
    if let flag = bool(value) { return .bool(flag) }
    if matchesInt(text) {
      // PyYAML raises on the few texts that match but do not convert
      // (`0x_`); a string keeps the text visible to the caller instead.
      if let number = int(text) { return .int(number) }
      return .string(value)
    }
    if matchesFloat(text), let number = float(text) { return .float(number) }
    return .string(value)
  }

  /// Resolves a scalar carrying an explicit core-schema tag such as `!!int`.
  /// Returns `nil` when the text is not a valid value of that type.
  static func resolve(_ value: String, tag: String) -> ResolvedScalar? {
    let text = Array(value.utf8)
    switch tag {
    case "tag:yaml.org,2002:str", "!":
      return .string(value)
    case "tag:yaml.org,2002:null":
      return isNull(text) ? .null : nil
    case "tag:yaml.org,2002:bool":
      return bool(value).map { .bool($0) }
    case "tag:yaml.org,2002:int":
      return matchesInt(text) ? int(text).map { .int($0) } : nil
    case "tag:yaml.org,2002:float":
      if matchesFloat(text) { return float(text).map { .float($0) } }
      // PyYAML's float constructor also accepts integer text (`!!float 1`).
      if matchesInt(text), let number = int(text) { return .float(Double(number)) }
      return nil
    default:
      return nil
    }
  }

  // MARK: - null and bool

  private static func isNull(_ text: [UInt8]) -> Bool {
    switch text {
    case [], Array("~".utf8), Array("null".utf8), Array("Null".utf8), Array("NULL".utf8):
      return true
    default:
      return false
    }
  }

  private static func bool(_ value: String) -> Bool? {
    switch value {
    case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
      return true
    case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
      return false
    default:
      return nil
    }
  }

  // MARK: - int

  /// `^(?:[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*)
  ///   | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`
  private static func matchesInt(_ text: [UInt8]) -> Bool {
    let body = text.dropFirst(isSign(text.first) ? 1 : 0)
    guard let first = body.first else { return false }
    let rest = body.dropFirst()
    if first == UInt8(ascii: "0") {
      if rest.isEmpty { return true }
      if rest.first == UInt8(ascii: "b") {
        return rest.count > 1 && rest.dropFirst().allSatisfy { $0 == 0x30 || $0 == 0x31 || $0 == underscore }
      }
      if rest.first == UInt8(ascii: "x") {
        return rest.count > 1 && rest.dropFirst().allSatisfy { isHexDigit($0) || $0 == underscore }
      }
      return rest.allSatisfy { (0x30...0x37).contains($0) || $0 == underscore }
    }
    guard (0x31...0x39).contains(first) else { return false }
    var index = rest.startIndex
    while index < rest.endIndex, isDigit(rest[index]) || rest[index] == underscore {
      index += 1
    }
    if index == rest.endIndex { return true }
    return matchesSexagesimalParts(text, from: index) == text.endIndex
  }

  private static func int(_ text: [UInt8]) -> Int? {
    let cleaned = text.filter { $0 != underscore }
    let negative = cleaned.first == UInt8(ascii: "-")
    let digits = cleaned.dropFirst(isSign(cleaned.first) ? 1 : 0)
    let sign = negative ? "-" : ""
    if digits.elementsEqual([UInt8(ascii: "0")]) { return 0 }
    if digits.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "b")]) {
      return Int(sign + String(decoding: digits.dropFirst(2), as: UTF8.self), radix: 2)
    }
    if digits.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "x")]) {
      return Int(sign + String(decoding: digits.dropFirst(2), as: UTF8.self), radix: 16)
    }
    if digits.first == UInt8(ascii: "0") {
      return Int(sign + String(decoding: digits, as: UTF8.self), radix: 8)
    }
    if digits.contains(colon) {
      var total = 0
      for part in digits.split(separator: colon, omittingEmptySubsequences: false) {
        guard let value = Int(String(decoding: part, as: UTF8.self)) else { return nil }
        let (shifted, overflow1) = total.multipliedReportingOverflow(by: 60)
        let (sum, overflow2) = shifted.addingReportingOverflow(value)
        if overflow1 || overflow2 { return nil }
        total = sum
      }
      return negative ? -total : total
    }
    return Int(sign + String(decoding: digits, as: UTF8.self), radix: 10)
  }

  // MARK: - float

  /// `^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
  ///   | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
  ///   | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
  ///   | [-+]?\.(?:inf|Inf|INF)
  ///   | \.(?:nan|NaN|NAN))$`
  private static func matchesFloat(_ text: [UInt8]) -> Bool {
    let end = text.endIndex
    let hasSign = isSign(text.first)
    var index = hasSign ? 1 : 0
    guard index < end else { return false }

    if text[index] == dot {
      let tail = text[(index + 1)...]
      if tail.elementsEqual("inf".utf8) || tail.elementsEqual("Inf".utf8) || tail.elementsEqual("INF".utf8) {
        return true
      }
      if !hasSign, tail.elementsEqual("nan".utf8) || tail.elementsEqual("NaN".utf8) || tail.elementsEqual("NAN".utf8) {
        return true
      }
      // `\.[0-9][0-9_]*` takes no sign in PyYAML, so `-.5` is a string.
      guard !hasSign, index + 1 < end, isDigit(text[index + 1]) else { return false }
      index = skipDigitsAndUnderscores(text, from: index + 2)
      return matchesOptionalExponent(text, from: index)
    }

    guard isDigit(text[index]) else { return false }
    index = skipDigitsAndUnderscores(text, from: index + 1)
    guard index < end else { return false }
    if text[index] == dot {
      index = skipDigitsAndUnderscores(text, from: index + 1)
      return matchesOptionalExponent(text, from: index)
    }
    guard text[index] == colon, let afterParts = matchesSexagesimalParts(text, from: index),
      afterParts < end, text[afterParts] == dot
    else { return false }
    return skipDigitsAndUnderscores(text, from: afterParts + 1) == end
  }

  private static func float(_ text: [UInt8]) -> Double? {
    let cleaned = text.filter { $0 != underscore }.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
    let negative = cleaned.first == UInt8(ascii: "-")
    let body = cleaned.dropFirst(isSign(cleaned.first) ? 1 : 0)
    let sign: Double = negative ? -1 : 1
    if body.elementsEqual(".inf".utf8) { return sign * .infinity }
    if body.elementsEqual(".nan".utf8) { return .nan }
    if body.contains(colon) {
      var total = 0.0
      for part in body.split(separator: colon, omittingEmptySubsequences: false) {
        guard let value = Double(String(decoding: part, as: UTF8.self)) else { return nil }
        total = total * 60 + value
      }
      return sign * total
    }
    return Double(String(decoding: body, as: UTF8.self)).map { sign * $0 }
  }

  // MARK: - shared pieces

  /// Matches `(?::[0-5]?[0-9])+` starting at a `:`; returns the index just
  /// past the last part, or `nil`. A part is one digit, or two digits whose
  /// first is 0-5, and must not be followed by another digit.
  private static func matchesSexagesimalParts(_ text: [UInt8], from start: Int) -> Int? {
    var index = start
    var matchedAny = false
    while index < text.endIndex, text[index] == colon {
      var digits = index + 1
      while digits < text.endIndex, isDigit(text[digits]), digits - index <= 2 {
        digits += 1
      }
      let count = digits - index - 1
      guard count == 1 || (count == 2 && text[index + 1] <= UInt8(ascii: "5")) else { return nil }
      if digits < text.endIndex, isDigit(text[digits]) { return nil }
      index = digits
      matchedAny = true
    }
    return matchedAny ? index : nil
  }

  /// Matches `(?:[eE][-+][0-9]+)?$`.
  private static func matchesOptionalExponent(_ text: [UInt8], from start: Int) -> Bool {
    if start == text.endIndex { return true }
    guard text[start] == UInt8(ascii: "e") || text[start] == UInt8(ascii: "E"),
      start + 2 < text.endIndex, isSign(text[start + 1])
    else { return false }
    return text[(start + 2)...].allSatisfy(isDigit)
  }

  private static func skipDigitsAndUnderscores(_ text: [UInt8], from start: Int) -> Int {
    var index = start
    while index < text.endIndex, isDigit(text[index]) || text[index] == underscore {
      index += 1
    }
    return index
  }

  private static let underscore = UInt8(ascii: "_")
  private static let colon = UInt8(ascii: ":")
  private static let dot = UInt8(ascii: ".")

  private static func isSign(_ byte: UInt8?) -> Bool {
    byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte)
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
  }
}
