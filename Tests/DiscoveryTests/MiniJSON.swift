import Discovery

/// Reads JSON into `OrderedValue`, keeping object key order and each float's text, so values
/// Python's `json.dumps` wrote compare with discovery's directly: Python writes a float as its
/// `repr` (`1e-06`, `1.0`), which is what `OrderedValue.float` holds. Foundation's parser
/// keeps neither.
enum MiniJSON {
  struct ParseError: Error, CustomStringConvertible {
    var offset: Int
    var description: String { "invalid JSON at byte \(offset)" }
  }

  static func parse(_ text: String) throws -> OrderedValue {
    var reader = Reader(bytes: Array(text.utf8))
    let value = try reader.value()
    reader.skipSpace()
    guard reader.index == reader.bytes.count else { throw ParseError(offset: reader.index) }
    return value
  }

  private struct Reader {
    let bytes: [UInt8]
    var index = 0

    mutating func skipSpace() {
      while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func value() throws -> OrderedValue {
      skipSpace()
      guard index < bytes.count else { throw ParseError(offset: index) }
      switch bytes[index] {
      case UInt8(ascii: "{"): return try object()
      case UInt8(ascii: "["): return try array()
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): return try keyword("true", .bool(true))
      case UInt8(ascii: "f"): return try keyword("false", .bool(false))
      case UInt8(ascii: "n"): return try keyword("null", .null)
      default: return try number()
      }
    }

    private mutating func expect(_ byte: Character) throws {
      skipSpace()
      guard index < bytes.count, bytes[index] == byte.asciiValue else { throw ParseError(offset: index) }
      index += 1
    }

    private mutating func keyword(_ word: String, _ value: OrderedValue) throws -> OrderedValue {
      let end = index + word.utf8.count
      guard end <= bytes.count, Array(bytes[index..<end]) == Array(word.utf8) else { throw ParseError(offset: index) }
      index = end
      return value
    }

    private mutating func object() throws -> OrderedValue {
      try expect("{")
      var entries: [OrderedValue.Entry] = []
      skipSpace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .dict(entries)
      }
      while true {
        skipSpace()
        let key = try string()
        try expect(":")
        entries.append(OrderedValue.Entry(key, try value()))
        skipSpace()
        guard index < bytes.count else { throw ParseError(offset: index) }
        index += 1
        if bytes[index - 1] == UInt8(ascii: "}") { return .dict(entries) }
        guard bytes[index - 1] == UInt8(ascii: ",") else { throw ParseError(offset: index - 1) }
      }
    }

    private mutating func array() throws -> OrderedValue {
      try expect("[")
      var items: [OrderedValue] = []
      skipSpace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .list(items)
      }
      while true {
        items.append(try value())
        skipSpace()
        guard index < bytes.count else { throw ParseError(offset: index) }
        index += 1
        if bytes[index - 1] == UInt8(ascii: "]") { return .list(items) }
        guard bytes[index - 1] == UInt8(ascii: ",") else { throw ParseError(offset: index - 1) }
      }
    }

    private mutating func string() throws -> String {
      try expect("\"")
      var scalars = String.UnicodeScalarView()
      var pendingHigh: UInt32?
      var run: [UInt8] = []
      func flushRun() {
        scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
        run.removeAll()
      }
      while index < bytes.count {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""):
          flushRun()
          return String(scalars)
        case UInt8(ascii: "\\"):
          flushRun()
          guard index < bytes.count else { throw ParseError(offset: index) }
          let escape = bytes[index]
          index += 1
          let simple: [UInt8: Unicode.Scalar] = [
            UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/", UInt8(ascii: "b"): "\u{08}",
            UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "n"): "\n", UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
          ]
          if let scalar = simple[escape] {
            scalars.append(scalar)
            continue
          }
          guard escape == UInt8(ascii: "u"), index + 4 <= bytes.count,
            let unit = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
          else { throw ParseError(offset: index) }
          index += 4
          if (0xD800..<0xDC00).contains(unit) {
            pendingHigh = unit
          } else if (0xDC00..<0xE000).contains(unit), let high = pendingHigh {
            pendingHigh = nil
            scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))!)
          } else if let scalar = Unicode.Scalar(unit) {
            scalars.append(scalar)
          } else {
            throw ParseError(offset: index)
          }
        default:
          run.append(byte)
        }
      }
      throw ParseError(offset: index)
    }

    /// An integer, or a float kept as written.
    private mutating func number() throws -> OrderedValue {
      let start = index
      while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      if let integer = Int(text) { return .int(integer) }
      guard !text.isEmpty, Double(text) != nil else { throw ParseError(offset: start) }
      return .float(text)
    }
  }
}
