/// A JSON value parsed from an error response, keeping object members in
/// their order so rendered messages follow the server's order.
///
/// A small parser of our own: the module avoids Foundation, and only error
/// bodies (bounded by the response size cap) go through it.
nonisolated indirect enum ResponseJSON {
  case object([(String, ResponseJSON)])
  case array([ResponseJSON])
  case string(String)
  /// The number's text as received, so rendering never reformats it.
  case number(String)
  case bool(Bool)
  case null

  /// The document in `bytes`, or nil unless it is exactly one JSON value
  /// (surrounded by whitespace at most).
  static func parse(_ bytes: [UInt8]) -> ResponseJSON? {
    var parser = Parser(bytes: bytes)
    guard let value = parser.value(depth: 0) else {
      return nil
    }
    parser.skipWhitespace()
    return parser.index == bytes.count ? value : nil
  }

  /// The member `key` of an object; nil for other values.
  subscript(key: String) -> ResponseJSON? {
    guard case .object(let members) = self else {
      return nil
    }
    return members.first { $0.0 == key }?.1
  }

  var isString: Bool { stringValue != nil }

  var stringValue: String? {
    if case .string(let text) = self {
      return text
    }
    return nil
  }

  /// Serialised without whitespace.
  var compact: String {
    switch self {
    case .object(let members):
      return "{" + members.map { "\(Self.quote($0.0)):\($0.1.compact)" }.joined(separator: ",") + "}"
    case .array(let items):
      return "[" + items.map(\.compact).joined(separator: ",") + "]"
    case .string(let text):
      return Self.quote(text)
    case .number(let text):
      return text
    case .bool(let value):
      return value ? "true" : "false"
    case .null:
      return "null"
    }
  }

  private static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default:
        result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  private struct Parser {
    /// Deeper documents are refused rather than risking the stack.
    static let maximumDepth = 64

    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
      self.bytes = bytes
    }

    mutating func skipWhitespace() {
      while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
        index += 1
      }
    }

    mutating func value(depth: Int) -> ResponseJSON? {
      skipWhitespace()
      guard index < bytes.count, depth < Self.maximumDepth else {
        return nil
      }
      switch bytes[index] {
      case UInt8(ascii: "{"):
        return object(depth: depth)
      case UInt8(ascii: "["):
        return array(depth: depth)
      case UInt8(ascii: "\""):
        return string().map(ResponseJSON.string)
      case UInt8(ascii: "t"):
        return literal("true", .bool(true))
      case UInt8(ascii: "f"):
        return literal("false", .bool(false))
      case UInt8(ascii: "n"):
        return literal("null", .null)
      default:
        return number()
      }
    }

    private mutating func object(depth: Int) -> ResponseJSON? {
      index += 1
      var members: [(String, ResponseJSON)] = []
      skipWhitespace()
      if consume(UInt8(ascii: "}")) {
        return .object(members)
      }
      repeat {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else {
          return nil
        }
        skipWhitespace()
        guard consume(UInt8(ascii: ":")), let member = value(depth: depth + 1) else {
          return nil
        }
        members.append((key, member))
        skipWhitespace()
      } while consume(UInt8(ascii: ","))
      return consume(UInt8(ascii: "}")) ? .object(members) : nil
    }

    private mutating func array(depth: Int) -> ResponseJSON? {
      index += 1
      var items: [ResponseJSON] = []
      skipWhitespace()
      if consume(UInt8(ascii: "]")) {
        return .array(items)
      }
      repeat {
        guard let item = value(depth: depth + 1) else {
          return nil
        }
        items.append(item)
        skipWhitespace()
      } while consume(UInt8(ascii: ","))
      return consume(UInt8(ascii: "]")) ? .array(items) : nil
    }

    private mutating func string() -> String? {
      index += 1
      var scalars = String.UnicodeScalarView()
      var run: [UInt8] = []
      func flush() {
        scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
        run.removeAll(keepingCapacity: true)
      }
      while index < bytes.count {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""):
          flush()
          return String(scalars)
        case UInt8(ascii: "\\"):
          flush()
          guard index < bytes.count else {
            return nil
          }
          let escape = bytes[index]
          index += 1
          switch escape {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): run.append(escape)
          case UInt8(ascii: "b"): run.append(0x08)
          case UInt8(ascii: "f"): run.append(0x0C)
          case UInt8(ascii: "n"): run.append(0x0A)
          case UInt8(ascii: "r"): run.append(0x0D)
          case UInt8(ascii: "t"): run.append(0x09)
          case UInt8(ascii: "u"):
            guard let scalar = unicodeEscape() else {
              return nil
            }
            scalars.append(scalar)
          default:
            return nil
          }
        case 0..<0x20:
          return nil
        default:
          run.append(byte)
        }
      }
      return nil
    }

    /// The scalar of `\uXXXX` (the `\u` already consumed), joining a
    /// surrogate pair; a lone surrogate becomes U+FFFD.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
      guard let high = hex4() else {
        return nil
      }
      if (0xD800..<0xDC00).contains(high), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
        bytes[index + 1] == UInt8(ascii: "u")
      {
        let saved = index
        index += 2
        if let low = hex4(), (0xDC00..<0xE000).contains(low) {
          return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        index = saved
      }
      return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hex4() -> UInt32? {
      guard index + 4 <= bytes.count else {
        return nil
      }
      var value: UInt32 = 0
      for byte in bytes[index..<index + 4] {
        guard let digit = UInt32(String(UnicodeScalar(byte)), radix: 16) else {
          return nil
        }
        value = value << 4 | digit
      }
      index += 4
      return value
    }

    private mutating func number() -> ResponseJSON? {
      let start = index
      while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) {
        index += 1
      }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      guard !text.isEmpty, Double(text) != nil else {
        return nil
      }
      return .number(text)
    }

    private mutating func literal(_ word: String, _ value: ResponseJSON) -> ResponseJSON? {
      let expected = Array(word.utf8)
      guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
        return nil
      }
      index += expected.count
      return value
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == byte else {
        return false
      }
      index += 1
      return true
    }
  }
}
