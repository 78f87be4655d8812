/// A JSON value with a deterministic serialiser (sorted keys, no trailing zeros).
///
/// Used for reports, traces and machine output, where a fixed key order makes output
/// diffable and tests exact.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public func serialized(pretty: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    write(into: &out, indent: pretty ? 0 : nil)
    return out
  }

  public var text: String { String(decoding: serialized(), as: UTF8.self) }

  private func write(into out: inout [UInt8], indent: Int?) {
    switch self {
    case .null: out += Array("null".utf8)
    case .bool(let b): out += Array((b ? "true" : "false").utf8)
    case .number(let n):
      if n.rounded() == n, abs(n) < 1e15 {
        out += Array(String(Int64(n)).utf8)
      } else {
        out += Array(String(n).utf8)
      }
    case .string(let s): JSONValue.writeString(s, into: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        newline(&out, indent.map { $0 + 1 })
        item.write(into: &out, indent: indent.map { $0 + 1 })
      }
      if !items.isEmpty { newline(&out, indent) }
      out.append(UInt8(ascii: "]"))
    case .object(let fields):
      out.append(UInt8(ascii: "{"))
      for (i, key) in fields.keys.sorted().enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        newline(&out, indent.map { $0 + 1 })
        JSONValue.writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if indent != nil { out.append(UInt8(ascii: " ")) }
        fields[key]?.write(into: &out, indent: indent.map { $0 + 1 })
      }
      if !fields.isEmpty { newline(&out, indent) }
      out.append(UInt8(ascii: "}"))
    }
  }

  private func newline(_ out: inout [UInt8], _ indent: Int?) {
    guard let indent else { return }
    out.append(UInt8(ascii: "\n"))
    out += Array(repeating: UInt8(ascii: " "), count: indent * 2)
  }

  static func writeString(_ s: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for b in s.utf8 {
      switch b {
      case UInt8(ascii: "\""): out += [92, 34]
      case UInt8(ascii: "\\"): out += [92, 92]
      case 0x0A: out += [92, UInt8(ascii: "n")]
      case 0x0D: out += [92, UInt8(ascii: "r")]
      case 0x09: out += [92, UInt8(ascii: "t")]
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
