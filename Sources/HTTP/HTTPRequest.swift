/// A request to send with `HTTPClient.send`.
nonisolated public struct HTTPRequest: Sendable {
  /// The method, e.g. "GET" or "POST", in upper case as it goes on the wire.
  public var method: String
  /// An absolute `http` or `https` URL; other schemes are refused.
  public var url: String
  /// Sent in order. `Content-Type` comes from `body` and replaces any given
  /// here, so a multipart boundary can never disagree with the body.
  public var headers: [HTTPHeader]
  public var body: HTTPBody
  /// A larger response body fails with `.responseTooLarge`. A job's whole log is one response
  /// of Ray's Jobs API, so reading logs raises the bound; nothing else needs more.
  public var responseLimit: Int

  public init(
    method: String = "GET", url: String, headers: [HTTPHeader] = [], body: HTTPBody = .empty,
    responseLimit: Int = HTTPClient.maxResponseBodySize
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.responseLimit = responseLimit
  }

  /// Lower-cased names of headers whose values are credentials. Their values
  /// never appear in errors; `redactedHeaders` hides them for debug output.
  public static let sensitiveHeaderNames: Set<String> = [
    "authorization", "synapse-access-token", "synapse-tenant", "synapse-agent", "cookie",
    "proxy-authorization",
  ]

  /// `headers` with every credential replaced by its scheme word and
  /// `<redacted>` (e.g. `Token <redacted>`), for `--debug` output.
  public var redactedHeaders: [HTTPHeader] {
    headers.map(\.redacted)
  }

  /// Methods a server must treat as repeatable, so a retry after the request
  /// may have been processed cannot do harm (RFC 9110 §9.2.2).
  var isIdempotent: Bool {
    ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method.uppercased())
  }
}
