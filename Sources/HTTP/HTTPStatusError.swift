/// A response with a status outside 2xx, with the server's explanation
/// rendered for people.
nonisolated public struct HTTPStatusError: Error, Sendable, Equatable, CustomStringConvertible {
  public var status: Int
  /// The body made readable: `detail` texts, validation errors one per line
  /// (see `ErrorDetail`), or the start of a non-JSON body.
  public var detail: String
  /// The machine-readable `"code"` of a JSON error body, e.g. `version_exists`.
  public var code: String?
  /// Response headers, e.g. for a request id to quote in a bug report.
  public var headers: [HTTPHeader]
  public var body: [UInt8]

  /// What the status means to a caller deciding what to tell the user.
  public enum Kind: Sendable, Equatable {
    /// 401: the token is missing, wrong or expired.
    case unauthorized
    /// 403: the token is valid but lacks the permission.
    case forbidden
    case notFound
    /// 400 or 422: the server rejected the request's content.
    case invalid
    /// 413: the upload exceeds the server's limit.
    case payloadTooLarge
    /// 429
    case rateLimited
    /// 5xx
    case server
    case other
  }

  public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8]) {
    let rendered = ErrorDetail(body: body)
    self.status = status
    self.detail = rendered.text
    self.code = rendered.code
    self.headers = headers
    self.body = body
  }

  public var kind: Kind {
    switch status {
    case 401: return .unauthorized
    case 403: return .forbidden
    case 404: return .notFound
    case 400, 422: return .invalid
    case 413: return .payloadTooLarge
    case 429: return .rateLimited
    case 500...599: return .server
    default: return .other
    }
  }

  /// The status and its reason phrase alone, e.g. `403 Forbidden`: for servers whose
  /// error bodies are HTML pages rather than explanations.
  public var statusLine: String {
    Self.reasonPhrases[status].map { "\(status) \($0)" } ?? "HTTP status \(status)"
  }

  /// One line, e.g. `401 Unauthorized: Invalid token.`; the lines of a
  /// multi-line detail are joined with "; ".
  public var description: String {
    let reason = statusLine
    let line = detail.split(separator: "\n").joined(separator: "; ")
    return line.isEmpty ? reason : "\(reason): \(line)"
  }

  static let reasonPhrases: [Int: String] = [
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
    411: "Length Required", 413: "Content Too Large", 415: "Unsupported Media Type",
    422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error",
    501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
  ]
}
