/// A request checked once before its first attempt: everything libcurl is
/// given that does not change between attempts.
nonisolated struct PreparedRequest: Sendable {
  /// Upper-case method.
  let method: String
  let url: String
  /// `host[:port]` of the URL, without user information, for messages.
  let host: String
  /// `Name: value` lines for CURLOPT_HTTPHEADER, in order, ending with our own.
  let headerLines: [String]
  let segments: [BodySegment]
  let contentLength: Int64
  let isIdempotent: Bool
  let responseLimit: Int

  /// Headers whose values libcurl derives from the body; one given by the
  /// caller could contradict the bytes actually sent, so it is dropped.
  static let bodyHeaderNames: Set<String> = ["content-type", "content-length", "transfer-encoding", "expect"]

  init(_ request: HTTPRequest) throws(HTTPError) {
    let method = request.method.uppercased()
    guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
      throw .invalidRequest("the method \"\(request.method)\" is not an HTTP token")
    }
    guard let host = Self.host(of: request.url) else {
      throw .invalidURL(request.url)
    }
    var lines: [String] = []
    for header in request.headers {
      guard !header.name.isEmpty, header.name.utf8.allSatisfy(Self.isTokenByte) else {
        throw .invalidRequest("the header name \"\(header.name)\" is not an HTTP token")
      }
      // The value stays out of the message: it may be a credential.
      guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
        throw .invalidRequest("the value of header \(header.name) contains a line break or NUL")
      }
      guard !Self.bodyHeaderNames.contains(header.name.lowercased()) else {
        continue
      }
      // "Name:" would make libcurl remove the header; "Name;" sends it empty.
      lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
    }
    let usesBody = !(method == "GET" || method == "HEAD") || request.body.contentLength > 0
    if let contentType = request.body.contentType {
      lines.append("Content-Type: \(contentType)")
    } else if usesBody {
      // Stops libcurl adding application/x-www-form-urlencoded to a bodiless POST.
      lines.append("Content-Type:")
    }
    // No "Expect: 100-continue": waiting for the interim response costs a
    // round trip (or a second when a proxy swallows it) on every upload.
    lines.append("Expect:")
    self.method = method
    self.url = request.url
    self.host = host
    self.headerLines = lines
    self.segments = request.body.segments
    self.contentLength = request.body.contentLength
    self.isIdempotent = request.isIdempotent
    self.responseLimit = request.responseLimit
  }

  /// `host[:port]` of an absolute http(s) URL, or nil for anything else.
  static func host(of url: String) -> String? {
    let lowered = url.lowercased()
    let scheme = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
    guard scheme > 0 else {
      return nil
    }
    let rest = url.utf8.dropFirst(scheme)
    let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
    var authority = rest[..<(authorityEnd ?? rest.endIndex)]
    if let at = authority.lastIndex(of: UInt8(ascii: "@")) {
      authority = authority[authority.index(after: at)...]
    }
    guard !authority.isEmpty, !url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
      return nil
    }
    return String(decoding: authority, as: UTF8.self)
  }

  /// RFC 9110 token characters: visible ASCII except separators.
  private static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
  }
}
