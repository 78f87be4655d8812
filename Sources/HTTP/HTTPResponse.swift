/// A successful (2xx) response.
nonisolated public struct HTTPResponse: Sendable {
  public var status: Int
  /// In the order received, from the final response (not a 1xx interim one).
  public var headers: [HTTPHeader]
  /// At most `HTTPClient.maxResponseBodySize` bytes.
  public var body: [UInt8]
  /// How many attempts it took, 1 when the first one succeeded.
  public var attempts: Int

  public init(status: Int, headers: [HTTPHeader], body: [UInt8], attempts: Int) {
    self.status = status
    self.headers = headers
    self.body = body
    self.attempts = attempts
  }

  /// The first value of the header `name`, compared case-insensitively.
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name.lowercased() == wanted }?.value
  }
}
