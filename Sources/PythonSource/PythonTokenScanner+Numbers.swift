extension PythonTokenScanner {
  /// Returns the end of the number starting at `start`, trying the alternatives in the order of
  /// `tokenize`'s regular expression: imaginary, float, then hex/binary/octal/decimal integers.
  /// Like `tokenize`, a malformed tail (`0777`, `1__0`) simply ends the number early.
  func scanNumber(at start: Int) -> Int {
    let digitsEnd = scanRun(from: start, PythonCharacters.isDigit)
    var floatEnd: Int?
    if let digitsEnd, byte(at: digitsEnd) == 0x2E {
      let fractionEnd = scanRun(from: digitsEnd + 1, PythonCharacters.isDigit) ?? digitsEnd + 1
      floatEnd = scanExponent(from: fractionEnd) ?? fractionEnd
    } else if digitsEnd == nil, let fractionEnd = scanRun(from: start + 1, PythonCharacters.isDigit) {
      floatEnd = scanExponent(from: fractionEnd) ?? fractionEnd
    } else if let digitsEnd, let exponentEnd = scanExponent(from: digitsEnd) {
      floatEnd = exponentEnd
    }
    if let floatEnd {
      return isImaginarySuffix(byte(at: floatEnd)) ? floatEnd + 1 : floatEnd
    }
    guard let digitsEnd else { return start + 1 }
    if isImaginarySuffix(byte(at: digitsEnd)) { return digitsEnd + 1 }
    if source[start] != 0x30 { return digitsEnd }
    switch byte(at: start + 1).map({ $0 | 0x20 }) {
    case 0x78: if let end = scanPrefixedRun(from: start + 2, PythonCharacters.isHexDigit) { return end }
    case 0x62: if let end = scanPrefixedRun(from: start + 2, PythonCharacters.isBinaryDigit) { return end }
    case 0x6F: if let end = scanPrefixedRun(from: start + 2, PythonCharacters.isOctalDigit) { return end }
    default: break
    }
    // `0(?:_?0)*`
    var end = start + 1
    while true {
      if byte(at: end) == 0x30 {
        end += 1
      } else if byte(at: end) == 0x5F && byte(at: end + 1) == 0x30 {
        end += 2
      } else {
        return end
      }
    }
  }

  private func byte(at index: Int) -> UInt8? {
    index < source.count ? source[index] : nil
  }

  private func isImaginarySuffix(_ byte: UInt8?) -> Bool {
    byte == 0x6A || byte == 0x4A
  }

  /// `d(?:_?d)*`: returns the end, or nil when no digit starts at `start`.
  private func scanRun(from start: Int, _ isDigit: (UInt8) -> Bool) -> Int? {
    guard let first = byte(at: start), isDigit(first) else { return nil }
    var end = start + 1
    while true {
      if let next = byte(at: end), isDigit(next) {
        end += 1
      } else if byte(at: end) == 0x5F, let next = byte(at: end + 1), isDigit(next) {
        end += 2
      } else {
        return end
      }
    }
  }

  /// `(?:_?d)+` after a radix prefix.
  private func scanPrefixedRun(from start: Int, _ isDigit: (UInt8) -> Bool) -> Int? {
    if let end = scanRun(from: start, isDigit) { return end }
    if byte(at: start) == 0x5F { return scanRun(from: start + 1, isDigit) }
    return nil
  }

  /// `[eE][-+]?d(?:_?d)*`
  private func scanExponent(from start: Int) -> Int? {
    guard let marker = byte(at: start), marker | 0x20 == 0x65 else { return nil }
    var digitsStart = start + 1
    if byte(at: digitsStart) == 0x2B || byte(at: digitsStart) == 0x2D { digitsStart += 1 }
    return scanRun(from: digitsStart, PythonCharacters.isDigit)
  }
}
