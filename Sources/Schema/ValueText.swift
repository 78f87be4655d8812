import YAML

/// How values appear in messages: strings in double quotes (so `"1.0"` and
/// `1.0` read differently), other scalars as written, collections by kind.
enum ValueText {
  /// Strings longer than this are cut with an ellipsis: a message names a
  /// value, it does not reproduce it.
  static let maxShownScalars = 60

  /// The node as a message shows it; a key is prefixed with `key `.
  static func render(_ node: YAMLNode, _ location: Location) -> String {
    let text = render(node)
    return location.isKey ? "key " + text : text
  }

  static func render(_ node: YAMLNode) -> String {
    switch node.kind {
    case .mapping: return "a mapping"
    case .sequence: return "a sequence"
    case .scalar(let scalar):
      switch Instance(node) {
      case .string(let text): return quoted(text)
      case .null where scalar.value.isEmpty: return "null"
      default: return truncated(scalar.value)
      }
    }
  }

  /// A JSON value as a schema lists it: word-like strings bare (`job`,
  /// `>=1.0`), the rest as JSON so blanks and escapes stay visible.
  static func render(_ value: JSONValue) -> String {
    switch value {
    case .string(let text) where isWordLike(text): return text
    default: return json(value)
    }
  }

  private static func isWordLike(_ text: String) -> Bool {
    !text.isEmpty
      && text.unicodeScalars.allSatisfy { scalar in
        scalar.value > 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\" && scalar != ","
      }
  }

  /// Compact JSON text, strings quoted.
  static func json(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return number.literal
    case .string(let text): return quoted(text)
    case .array(let values): return "[" + values.map(json).joined(separator: ", ") + "]"
    case .object(let members):
      return "{" + members.map { quoted($0.key) + ": " + json($0.value) }.joined(separator: ", ") + "}"
    }
  }

  /// `a, b, c`, for `enum` choices: bare words when every choice is a
  /// string (or null), JSON otherwise so that `1` and `"1"` stay distinct.
  static func list(_ values: [JSONValue]) -> String {
    let allText = values.allSatisfy { value in
      switch value {
      case .string, .null: true
      default: false
      }
    }
    return values.map(allText ? render : json).joined(separator: ", ")
  }

  /// `text` in double quotes with the escapes YAML and JSON share, so the
  /// result can be pasted back into the file.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in truncated(text).unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let digits = String(scalar.value, radix: 16, uppercase: true)
          result += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  private static func truncated(_ text: String) -> String {
    guard text.utf8.count > maxShownScalars else { return text }
    let scalars = text.unicodeScalars
    guard scalars.count > maxShownScalars else { return text }
    var short = String.UnicodeScalarView()
    short.append(contentsOf: scalars.prefix(maxShownScalars))
    return String(short) + "…"
  }
}
