/// Byte- and scalar-level character classes the tokenizer needs, without Foundation.
enum PythonCharacters {
  /// Decodes one UTF-8 scalar at `index`, strictly (no overlongs, surrogates or values past
  /// U+10FFFF), so invalid input is reported instead of silently reinterpreted.
  static func decodeScalar(_ bytes: [UInt8], at index: Int) -> (scalar: Unicode.Scalar, length: Int)? {
    let count = bytes.count
    guard index < count else { return nil }
    let b0 = bytes[index]
    if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
    let length: Int
    var value: UInt32
    let minimum: UInt32
    switch b0 {
    case 0xC2...0xDF: length = 2; value = UInt32(b0 & 0x1F); minimum = 0x80
    case 0xE0...0xEF: length = 3; value = UInt32(b0 & 0x0F); minimum = 0x800
    case 0xF0...0xF4: length = 4; value = UInt32(b0 & 0x07); minimum = 0x10000
    default: return nil
    }
    guard index + length <= count else { return nil }
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else { return nil }
      value = (value << 6) | UInt32(byte & 0x3F)
    }
    guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value),
      let scalar = Unicode.Scalar(value)
    else { return nil }
    return (scalar, length)
  }

  static func isASCIIIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
  }

  static func isASCIIIdentifierContinue(_ byte: UInt8) -> Bool {
    isASCIIIdentifierStart(byte) || isDigit(byte)
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
  }

  static func isOctalDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x37 }

  static func isBinaryDigit(_ byte: UInt8) -> Bool { byte == 0x30 || byte == 0x31 }

  /// Python identifiers start with XID_Start (or `_`) and continue with XID_Continue.
  static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isXIDStart
  }

  static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isXIDContinue
  }
}
