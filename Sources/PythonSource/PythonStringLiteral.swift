/// Decodes the text of STRING tokens into the value Python would build.
enum PythonStringLiteral {
  /// What one STRING token holds.
  enum Decoded: Equatable {
    case text(String)
    /// A bytes literal, an f-string, or an escape this reader does not decode (`\N{...}`, lone
    /// surrogates, malformed `\x`): not a readable `str` constant.
    case unreadable
  }

  /// Decodes one STRING token's bytes (prefix, quotes and body).
  static func decode<Bytes: RandomAccessCollection>(_ token: Bytes) -> Decoded
  where Bytes.Element == UInt8, Bytes.Index == Int {
    var quoteIndex = token.startIndex
    while quoteIndex < token.endIndex && token[quoteIndex] != 0x27 && token[quoteIndex] != 0x22 {
      quoteIndex += 1
    }
    guard quoteIndex < token.endIndex,
      let prefix = PythonStringPrefix(token[token.startIndex..<quoteIndex]),
      !prefix.isBytes, !prefix.isFormatted
    else { return .unreadable }
    let quote = token[quoteIndex]
    let isTriple =
      quoteIndex + 5 < token.endIndex && token[quoteIndex + 1] == quote && token[quoteIndex + 2] == quote
    let quoteLength = isTriple ? 3 : 1
    let bodyStart = quoteIndex + quoteLength
    let bodyEnd = token.endIndex - quoteLength
    guard bodyStart <= bodyEnd else { return .unreadable }
    return decodeBody(token[bodyStart..<bodyEnd], raw: prefix.isRaw)
  }

  private static func decodeBody<Bytes: RandomAccessCollection>(_ body: Bytes, raw: Bool) -> Decoded
  where Bytes.Element == UInt8, Bytes.Index == Int {
    var output: [UInt8] = []
    output.reserveCapacity(body.count)
    var index = body.startIndex
    let end = body.endIndex
    while index < end {
      let byte = body[index]
      if byte == 0x0D {
        // Source is read with universal newlines: CRLF and CR become LF.
        output.append(0x0A)
        index += index + 1 < end && body[index + 1] == 0x0A ? 2 : 1
        continue
      }
      guard byte == 0x5C, index + 1 < end else {
        output.append(byte)
        index += 1
        continue
      }
      if raw {
        // A raw string keeps the backslash and the escaped character (normalizing a line break).
        output.append(byte)
        index += 1
        continue
      }
      let next = body[index + 1]
      index += 2
      switch next {
      case 0x0A: break
      case 0x0D: if index < end && body[index] == 0x0A { index += 1 }
      case 0x5C, 0x27, 0x22: output.append(next)
      case 0x61: output.append(0x07)
      case 0x62: output.append(0x08)
      case 0x66: output.append(0x0C)
      case 0x6E: output.append(0x0A)
      case 0x72: output.append(0x0D)
      case 0x74: output.append(0x09)
      case 0x76: output.append(0x0B)
      case 0x30...0x37:
        var value = UInt32(next - 0x30)
        var digits = 1
        while digits < 3 && index < end && PythonCharacters.isOctalDigit(body[index]) {
          value = value * 8 + UInt32(body[index] - 0x30)
          index += 1
          digits += 1
        }
        guard appendScalar(value, to: &output) else { return .unreadable }
      case 0x78, 0x75, 0x55:
        let width = next == 0x78 ? 2 : next == 0x75 ? 4 : 8
        guard index + width <= end else { return .unreadable }
        var value: UInt32 = 0
        for offset in 0..<width {
          guard let digit = hexValue(body[index + offset]) else { return .unreadable }
          value = value * 16 + digit
        }
        index += width
        guard appendScalar(value, to: &output) else { return .unreadable }
      case 0x4E:
        return .unreadable
      default:
        output.append(0x5C)
        output.append(next)
      }
    }
    return .text(String(decoding: output, as: UTF8.self))
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x30...0x39: return UInt32(byte - 0x30)
    case 0x61...0x66: return UInt32(byte - 0x61 + 10)
    case 0x41...0x46: return UInt32(byte - 0x41 + 10)
    default: return nil
    }
  }

  private static func appendScalar(_ value: UInt32, to output: inout [UInt8]) -> Bool {
    guard let scalar = Unicode.Scalar(value) else { return false }
    output.append(contentsOf: Array(String(Character(scalar)).utf8))
    return true
  }
}
