import Discovery
import Foundation
import PythonSource

/// Reads the small block-style YAML subset of upstream's synced configs (mappings, `- ` lists,
/// plain and single-quoted scalars, `{}`/`[]`) into `OrderedValue`, so tests need no YAML library.
enum MiniYAML {
  private struct Line {
    var indent: Int
    var text: String
  }

  static func parse(_ text: String) -> OrderedValue {
    var lines: [Line] = []
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(raw)
      let trimmed = line.drop { $0 == " " }
      guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
      lines.append(Line(indent: line.count - trimmed.count, text: String(trimmed)))
    }
    var index = 0
    return lines.isEmpty ? .null : node(&lines, &index, indent: lines[0].indent)
  }

  private static func isItem(_ line: Line) -> Bool { line.text == "-" || line.text.hasPrefix("- ") }

  private static func node(_ lines: inout [Line], _ index: inout Int, indent: Int) -> OrderedValue {
    isItem(lines[index]) ? sequence(&lines, &index, indent: indent) : mapping(&lines, &index, indent: indent)
  }

  private static func sequence(_ lines: inout [Line], _ index: inout Int, indent: Int) -> OrderedValue {
    var items: [OrderedValue] = []
    while index < lines.count, lines[index].indent == indent, isItem(lines[index]) {
      let content = String(lines[index].text.dropFirst(2))
      if !content.contains(": ") && !content.hasSuffix(":") {
        items.append(scalar(content))
        index += 1
        continue
      }
      lines[index] = Line(indent: indent + 2, text: content)
      items.append(mapping(&lines, &index, indent: indent + 2))
    }
    return .list(items)
  }

  private static func mapping(_ lines: inout [Line], _ index: inout Int, indent: Int) -> OrderedValue {
    var entries: [OrderedValue.Entry] = []
    while index < lines.count, lines[index].indent == indent, !isItem(lines[index]) {
      let text = lines[index].text
      let key: String
      let rest: String
      if let range = text.range(of: ": ") {
        key = String(text[..<range.lowerBound])
        rest = String(text[range.upperBound...])
      } else {
        key = String(text.dropLast())
        rest = ""
      }
      index += 1
      var value = OrderedValue.null
      if !rest.isEmpty {
        value = scalar(rest)
      } else if index < lines.count,
        lines[index].indent > indent || (lines[index].indent == indent && isItem(lines[index]))
      {
        value = node(&lines, &index, indent: lines[index].indent)
      }
      entries.append(OrderedValue.Entry(unquote(key), value))
    }
    return .dict(entries)
  }

  private static func unquote(_ text: String) -> String {
    guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return text }
    return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
  }

  private static func scalar(_ text: String) -> OrderedValue {
    if text.hasPrefix("'") { return .string(unquote(text)) }
    switch text {
    case "null", "~": return .null
    case "true": return .bool(true)
    case "false": return .bool(false)
    case "{}": return .dict([])
    case "[]": return .list([])
    default: break
    }
    if let number = Int(text) { return .int(number) }
    if text.contains("."), let number = Double(text) { return .float(PythonNumberLiteral.repr(number)) }
    return .string(text)
  }
}
