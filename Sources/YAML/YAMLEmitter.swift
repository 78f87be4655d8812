/// Writes ``YAMLValue``s as block YAML in the layout PyYAML's `safe_dump` uses (two-space
/// mapping indent, sequence dashes at their key's column), so text synapse inserts into a
/// config file reads like the rest of it and like what the Python tool writes.
public enum YAMLEmitter {
  /// Lines for `value` placed under a key at `indent` columns (the lines of a mapping or
  /// sequence, each ending in a newline). Scalars are returned on a single line with no
  /// indentation.
  public static func block(_ value: YAMLValue, indent: Int) -> String {
    var out = ""
    write(value, indent: indent, into: &out)
    return out
  }

  /// `key: value` (or `key:` and the block below it) as whole lines at `indent`.
  public static func pair(_ key: String, _ value: YAMLValue, indent: Int) -> String {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .mapping(let pairs) where !pairs.isEmpty:
      return pad + scalar(key) + ":\n" + block(value, indent: indent + 2)
    case .sequence(let items) where !items.isEmpty:
      return pad + scalar(key) + ":\n" + block(value, indent: indent)
    default:
      return pad + scalar(key) + ": " + inline(value) + "\n"
    }
  }

  private static func write(_ value: YAMLValue, indent: Int, into out: inout String) {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .mapping(let pairs) where !pairs.isEmpty:
      for p in pairs { out += pair(p.key, p.value, indent: indent) }
    case .sequence(let items) where !items.isEmpty:
      for item in items {
        switch item {
        case .mapping(let pairs) where !pairs.isEmpty:
          // The first pair shares the dash's line; the rest align under it.
          var first = true
          for p in pairs {
            let line = pair(p.key, p.value, indent: indent + 2)
            if first {
              out += pad + "- " + line.dropFirst(indent + 2)
              first = false
            } else {
              out += line
            }
          }
        case .sequence(let inner) where !inner.isEmpty:
          out += pad + "-\n" + block(item, indent: indent + 2)
        default:
          out += pad + "- " + inline(item) + "\n"
        }
      }
    default:
      out += inline(value)
    }
  }

  /// A value that fits on one line: a scalar, or an empty flow collection.
  public static func inline(_ value: YAMLValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let f): return f
    case .string(let s): return scalar(s)
    case .sequence: return "[]"
    case .mapping: return "{}"
    }
  }

  /// A string as a YAML scalar: plain when it would read back as the same string,
  /// single-quoted otherwise, double-quoted when it holds characters single quotes cannot.
  public static func scalar(_ s: String, style: YAMLScalar.Style = .plain) -> String {
    if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FEFF}" }) {
      return doubleQuoted(s)
    }
    switch style {
    case .doubleQuoted: return doubleQuoted(s)
    case .singleQuoted: return singleQuoted(s)
    default: return isSafePlain(s) ? s : singleQuoted(s)
    }
  }

  static func singleQuoted(_ s: String) -> String {
    "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
  }

  static func doubleQuoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if u.value < 0x20 || u.value == 0x7F || u == "\u{FEFF}" {
          let hex = String(u.value, radix: 16)
          out += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }

  /// Whether `s` can be written unquoted and read back as exactly this string.
  static func isSafePlain(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
    if first == " " || last == " " { return false }
    if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
      // "-x" and "?x"/":x" are plain only when not followed by a space; keep it simple.
      if !((first == "-" || first == "?" || first == ":") && s.unicodeScalars.count > 1
        && s.unicodeScalars.dropFirst().first != " ")
      {
        return false
      }
    }
    if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") || s.contains("\n") { return false }
    // A plain scalar that resolves to null, a bool, a number (or a timestamp, which
    // PyYAML also quotes) would not read back as this string.
    if case .string = YAMLScalar(value: s, style: .plain).resolved, !looksLikeTimestamp(s) {
      return true
    }
    return false
  }

  static func looksLikeTimestamp(_ s: String) -> Bool {
    let u = Array(s.utf8)
    guard u.count >= 8, u[4] == UInt8(ascii: "-") else { return false }
    return u[0..<4].allSatisfy { $0 >= 48 && $0 <= 57 }
  }
}
