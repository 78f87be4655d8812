/// A strict RFC 8259 JSON reader for the schema file.
///
/// The tool embeds its schema and reads it at start-up, and Foundation's
/// decoder costs more start-up time than the whole validation, so this
/// small reader is used instead. It rejects what a strict reader rejects
/// (trailing commas, comments, leading zeros, lone surrogates, duplicate
/// object keys) because a schema that other tools read differently would
/// silently validate differently in an editor.
struct JSONParser {
  /// Deeper documents are rejected rather than risking the stack.
  static let maxDepth = 256

  private let bytes: [UInt8]
  private var index = 0

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Parses one JSON document, surrounded by optional whitespace.
  static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    // A UTF-8 byte order mark is tolerated: some editors write one.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    if parser.index < bytes.count {
      throw parser.error("unexpected text after the JSON value")
    }
    return value
  }

  // MARK: - Values

  private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
    guard let byte = peek() else { throw error("unexpected end of input; expected a value") }
    switch byte {
    case UInt8(ascii: "{"):
      return try parseObject(depth: depth)
    case UInt8(ascii: "["):
      return try parseArray(depth: depth)
    case UInt8(ascii: "\""):
      return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try parseNumber())
    default:
      throw error("unexpected character \(describe(byte)); expected a value")
    }
  }

  private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
    index += 1
    var members: [JSONMember] = []
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
      let keyOffset = index
      let key = try parseString()
      if members.contains(where: { $0.key == key }) {
        throw error("duplicate key \"\(key)\"", at: keyOffset)
      }
      skipWhitespace()
      guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
      index += 1
      skipWhitespace()
      let value = try parseValue(depth: depth + 1)
      members.append(JSONMember(key: key, value: value))
      skipWhitespace()
      switch peek() {
      case UInt8(ascii: ","):
        index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(members)
      default:
        throw error("expected ',' or '}' in an object")
      }
    }
  }

  private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if peek() == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      switch peek() {
      case UInt8(ascii: ","):
        index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(elements)
      default:
        throw error("expected ',' or ']' in an array")
      }
    }
  }

  // MARK: - Scalars

  private mutating func parseString() throws(JSONParseError) -> String {
    let start = index
    index += 1
    var buffer: [UInt8] = []
    while true {
      guard let byte = peek() else { throw error("unterminated string", at: start) }
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: buffer, as: UTF8.self) else {
          throw error("string is not valid UTF-8", at: start)
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        try parseEscape(into: &buffer)
      case 0x00..<0x20:
        throw error("control character \(describe(byte)) in a string; escape it")
      default:
        buffer.append(byte)
        index += 1
      }
    }
  }

  private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
    guard let byte = peek() else { throw error("unterminated escape sequence") }
    index += 1
    let simple: UInt8?
    switch byte {
    case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
    case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
    case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
    case UInt8(ascii: "b"): simple = 0x08
    case UInt8(ascii: "f"): simple = 0x0C
    case UInt8(ascii: "n"): simple = 0x0A
    case UInt8(ascii: "r"): simple = 0x0D
    case UInt8(ascii: "t"): simple = 0x09
    case UInt8(ascii: "u"): simple = nil
    default: throw error("invalid escape \\\(describe(byte))", at: index - 2)
    }
    if let simple {
      buffer.append(simple)
      return
    }
    let escapeStart = index - 2
    var code = try parseHex4()
    if (0xD800..<0xDC00).contains(code) {
      guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
        throw error("unpaired surrogate \\u\(hex(code))", at: escapeStart)
      }
      index += 2
      let low = try parseHex4()
      guard (0xDC00..<0xE000).contains(low) else {
        throw error("unpaired surrogate \\u\(hex(code))", at: escapeStart)
      }
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
    } else if (0xDC00..<0xE000).contains(code) {
      throw error("unpaired surrogate \\u\(hex(code))", at: escapeStart)
    }
    guard let scalar = Unicode.Scalar(code) else {
      throw error("invalid code point \\u\(hex(code))", at: escapeStart)
    }
    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
  }

  private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek(), let digit = hexDigit(byte) else {
        throw error("expected four hex digits after \\u")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
    let start = index
    if peek() == UInt8(ascii: "-") { index += 1 }
    guard let first = peek(), isDigit(first) else { throw error("expected a digit") }
    index += 1
    if first == UInt8(ascii: "0"), let next = peek(), isDigit(next) {
      throw error("leading zeros are not allowed in numbers", at: start)
    }
    skipDigits()
    if peek() == UInt8(ascii: ".") {
      index += 1
      guard let digit = peek(), isDigit(digit) else { throw error("expected a digit after '.'") }
      skipDigits()
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      index += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
      guard let digit = peek(), isDigit(digit) else { throw error("expected a digit in the exponent") }
      skipDigits()
    }
    let literal = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let value = Double(literal), value.isFinite else {
      throw error("number \(literal) is out of range", at: start)
    }
    return JSONNumber(value: value, literal: literal)
  }

  private mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
    let start = index
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    for byte in expected {
      guard peek() == byte else { throw error("invalid literal; expected \(word)", at: start) }
      index += 1
    }
  }

  // MARK: - Helpers

  private func peek(_ ahead: Int = 0) -> UInt8? {
    index + ahead < bytes.count ? bytes[index + ahead] : nil
  }

  private mutating func skipWhitespace() {
    while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
      index += 1
    }
  }

  private mutating func skipDigits() {
    while let byte = peek(), isDigit(byte) { index += 1 }
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  private func hex(_ code: UInt32) -> String {
    let digits = String(code, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  private func describe(_ byte: UInt8) -> String {
    if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "0x" + String(byte, radix: 16, uppercase: true)
  }

  /// An error at `offset` (the current position by default), with its line
  /// and column computed only now: errors are rare, positions are not.
  private func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
    let offset = min(offset ?? index, bytes.count)
    var line = 1
    var column = 1
    for byte in bytes[..<offset] {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        // Continuation bytes belong to the scalar already counted.
        column += 1
      }
    }
    return JSONParseError(message: message, line: line, column: column, offset: offset)
  }
}
