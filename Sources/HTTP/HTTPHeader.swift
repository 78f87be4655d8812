/// One request or response header, kept in order: repeated names are legal
/// and the order is what reaches the server.
nonisolated public struct HTTPHeader: Sendable, Hashable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }

  public init(_ name: String, _ value: String) {
    self.init(name: name, value: value)
  }

  /// Whether the value may carry a credential (see `HTTPRequest.sensitiveHeaderNames`).
  public var isSensitive: Bool {
    HTTPRequest.sensitiveHeaderNames.contains(name.lowercased())
  }

  /// The header with a credential replaced by its scheme word, e.g.
  /// `Token <redacted>`, so debug output shows which scheme was used
  /// without the secret. Other headers are returned unchanged.
  public var redacted: HTTPHeader {
    guard isSensitive else {
      return self
    }
    let trimmed = value.drop { $0 == " " || $0 == "\t" }
    guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
      return HTTPHeader(name: name, value: "<redacted>")
    }
    return HTTPHeader(name: name, value: trimmed[..<space] + " <redacted>")
  }
}
