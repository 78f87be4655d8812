/// Renders an error response body for people.
///
/// Backends built on FastAPI answer `{"detail": "text"}` or, for validation
/// errors, `{"detail": [{"loc": [...], "msg": ..., "type": ...}]}`; Django
/// REST framework answers `{"field": ["message", ...]}`. Each becomes one
/// line per message; other JSON is shown compactly and anything else as
/// (at most 500 characters of) text.
nonisolated struct ErrorDetail {
  static let maximumTextLength = 500

  var text: String
  var code: String?

  init(body: [UInt8]) {
    guard let json = ResponseJSON.parse(body) else {
      text = Self.plainText(body)
      return
    }
    if case .string(let code)? = json["code"] {
      self.code = code
    }
    text = Self.render(json)
  }

  private static func render(_ json: ResponseJSON) -> String {
    guard case .object(let members) = json else {
      return json.compact
    }
    if let detail = json["detail"] {
      switch detail {
      case .string(let text):
        return text
      case .array(let items):
        return items.map(validationLine).joined(separator: "\n")
      default:
        return detail.compact
      }
    }
    // Django REST framework: every member a message or a list of messages.
    var lines: [String] = []
    for (field, value) in members {
      switch value {
      case .string(let message):
        lines.append("\(field): \(message)")
      case .array(let messages) where messages.allSatisfy(\.isString):
        lines += messages.map { "\(field): \($0.stringValue ?? "")" }
      default:
        return json.compact
      }
    }
    return lines.isEmpty ? json.compact : lines.joined(separator: "\n")
  }

  /// `body -> version: Field required (type=missing)` for one FastAPI item.
  private static func validationLine(_ item: ResponseJSON) -> String {
    guard case .string(let message)? = item["msg"] else {
      return item.stringValue ?? item.compact
    }
    var line = message
    if case .array(let location)? = item["loc"], !location.isEmpty {
      let path = location.map { $0.stringValue ?? $0.compact }.joined(separator: " -> ")
      line = "\(path): \(message)"
    }
    if case .string(let type)? = item["type"] {
      line += " (type=\(type))"
    }
    return line
  }

  private static func plainText(_ body: [UInt8]) -> String {
    let text = String(decoding: body, as: UTF8.self)
    let trimmed = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
    let string = String(trimmed)
    guard string.count > maximumTextLength else {
      return string
    }
    return String(string.prefix(maximumTextLength)) + "…"
  }
}
