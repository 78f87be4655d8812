/// Fills a template's placeholders, each in the quoting of the file it lands in.
///
/// Only these exact spellings are replaced, so any other text (Python's `{}` formatting, `{{`
/// in f-strings) passes through: `{{name}}` and `{{description}}` raw (Markdown), `{{code}}`,
/// `{{version}}`, `{{category}}`, `{{data_type}}` (validated, safe anywhere), `{{py_name}}` and
/// `{{py_description}}` (Python string literals), `{{toml_description}}` (a TOML basic string).
public struct TemplateRenderer: Sendable {
  let values: [(placeholder: String, value: String)]

  public init(spec: PluginSpec) {
    values = [
      ("{{py_name}}", Self.pythonString(spec.name)),
      ("{{py_description}}", Self.pythonString(spec.description)),
      ("{{toml_description}}", Self.tomlString(spec.description)),
      ("{{name}}", spec.name),
      ("{{description}}", spec.description),
      ("{{code}}", spec.code),
      ("{{version}}", spec.version),
      ("{{category}}", spec.category.rawValue),
      ("{{data_type}}", spec.dataType ?? "image"),
    ]
  }

  /// `template` with every placeholder replaced. One left-to-right pass: a value that itself
  /// contains a placeholder's spelling is never expanded again.
  public func render(_ template: String) -> String {
    var out = ""
    var rest = Substring(template)
    while let open = rest.firstRange(of: "{{") {
      out += rest[..<open.lowerBound]
      let tail = rest[open.lowerBound...]
      if let match = values.first(where: { tail.hasPrefix($0.placeholder) }) {
        out += match.value
        rest = tail.dropFirst(match.placeholder.count)
      } else {
        out += "{{"
        rest = tail.dropFirst(2)
      }
    }
    return out + rest
  }

  /// A double-quoted Python string literal: backslash, quote and control characters escaped,
  /// other characters kept (source files are UTF-8).
  static func pythonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
          || scalar.value == 0x2028 || scalar.value == 0x2029
        {
          out += "\\u" + hex(scalar.value, width: 4)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// A TOML basic string: backslash, quote and control characters escaped.
  static func tomlString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += "\\u" + hex(scalar.value, width: 4)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  private static func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
