import YAML

/// JSON text exactly as Python's `json.dumps` writes it (ASCII-only, `", "` and `": "`
/// separators, or `indent=2` layout), for the two places where bytes written by the upstream
/// tool are the reference: the `config` field of a publish request and `~/.synapse/config.json`.
///
/// Keys keep the order of the mapping, as Python dicts do.
public enum PythonJSON {
  /// `json.dumps(value)` or, with `indent`, `json.dumps(value, indent=indent)`.
  public static func encode(_ value: YAMLValue, indent: Int? = nil) -> String {
    var out = ""
    write(value, into: &out, indent: indent, level: 0)
    return out
  }

  private static func write(_ value: YAMLValue, into out: inout String, indent: Int?, level: Int) {
    switch value {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .int(let number): out += String(number)
    case .float(let text): out += float(text)
    case .string(let text): writeString(text, into: &out)
    case .sequence(let items):
      guard !items.isEmpty else {
        out += "[]"
        return
      }
      out += "["
      for (offset, item) in items.enumerated() {
        separator(first: offset == 0, into: &out, indent: indent, level: level + 1)
        write(item, into: &out, indent: indent, level: level + 1)
      }
      closing("]", into: &out, indent: indent, level: level)
    case .mapping(let pairs):
      guard !pairs.isEmpty else {
        out += "{}"
        return
      }
      out += "{"
      for (offset, pair) in pairs.enumerated() {
        separator(first: offset == 0, into: &out, indent: indent, level: level + 1)
        writeString(pair.key, into: &out)
        out += ": "
        write(pair.value, into: &out, indent: indent, level: level + 1)
      }
      closing("}", into: &out, indent: indent, level: level)
    }
  }

  private static func separator(first: Bool, into out: inout String, indent: Int?, level: Int) {
    if let indent {
      out += first ? "\n" : ",\n"
      out += String(repeating: " ", count: indent * level)
    } else if !first {
      out += ", "
    }
  }

  private static func closing(_ bracket: String, into out: inout String, indent: Int?, level: Int) {
    if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
    out += bracket
  }

  /// Python's `float.__repr__` for a float written in YAML or PyYAML spelling (`1.0e-06`,
  /// `.inf`): the shortest text that reads back as the same double, which Swift's
  /// `description` also produces; `json.dumps` spells the specials `Infinity` and `NaN`.
  static func float(_ text: String) -> String {
    switch text.lowercased() {
    case ".inf", "+.inf", "inf": return "Infinity"
    case "-.inf", "-inf": return "-Infinity"
    case ".nan", "nan": return "NaN"
    default: break
    }
    guard let number = Double(String(text.filter { $0 != "_" })) else { return text }
    if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
    return number.description
  }

  /// `json.dumps`' ASCII-only string form: `\"`, `\\`, the short escapes, and `\uXXXX` (with
  /// surrogate pairs) for everything outside printable ASCII.
  static func writeString(_ text: String, into out: inout String) {
    out += "\""
    for unit in text.utf16 {
      switch unit {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0C: out += "\\f"
      case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
      default:
        let hex = String(unit, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    out += "\""
  }
}
