import HTTP
import Testing

/// Credentials stay out of everything a user might paste into a bug report.
@Suite struct HTTPRequestTests {
  let secret = "s3cr3t-0123456789"

  @Test func redactedHeadersNeverContainTheToken() {
    let request = HTTPRequest(
      method: "POST", url: "https://backend.example/plugin_releases/",
      headers: [
        HTTPHeader("Synapse-Access-Token", "Token \(secret)"),
        HTTPHeader("authorization", "Bearer \(secret)"),
        HTTPHeader("Synapse-Tenant", "Token \(secret)"),
        HTTPHeader("Cookie", "session=\(secret)"),
        HTTPHeader("Accept", "application/json"),
      ])
    let redacted = request.redactedHeaders
    #expect(!redacted.contains { $0.value.contains(secret) })
    #expect(
      redacted.map(\.value) == ["Token <redacted>", "Bearer <redacted>", "Token <redacted>", "<redacted>", "application/json"])
    #expect(redacted.map(\.name) == request.headers.map(\.name))
    #expect(HTTPRequest.sensitiveHeaderNames.contains("proxy-authorization"))
  }

  @Test func badHeadersAreRefusedWithoutQuotingTheValue() throws {
    let client = try HTTPClient()
    let request = HTTPRequest(url: "http://127.0.0.1:9/", headers: [HTTPHeader("Authorization", "Token \(secret)\r\nX: y")])
    #expect {
      try client.send(request)
    } throws: { error in
      guard case .invalidRequest(let reason) = error as? HTTPError else { return false }
      return !reason.contains(secret) && !"\(error)".contains(secret)
    }
  }

  @Test func onlyHTTPURLsAreAccepted() throws {
    let client = try HTTPClient()
    for url in ["file:///etc/passwd", "ftp://example.com/", "example.com/path", "http://", "http://a b/"] {
      #expect(throws: HTTPError.invalidURL(url)) {
        try client.send(HTTPRequest(url: url))
      }
    }
  }

  @Test func descriptionsAreOneLineAndNameTheHost() {
    let errors: [HTTPError] = [
      .couldNotResolve(host: "backend.example"), .connectionRefused(host: "127.0.0.1:9"),
      .connectTimeout(seconds: 10), .timeout(seconds: 1.5, requestSent: true),
      .stalled(seconds: 30, requestSent: false),
      .connectionLost(detail: "the connection to 127.0.0.1:9 was lost: Empty reply from server", requestSent: true),
      .status(HTTPStatusError(status: 401, body: Array(#"{"detail": "Invalid token."}"#.utf8))),
    ]
    for error in errors {
      #expect(!error.description.contains("\n"))
    }
    #expect(errors[1].description == "could not connect to 127.0.0.1:9: connection refused")
    #expect(errors[3].description == "the request timed out after 1.5 s (after the request was sent)")
    #expect(errors[6].description == "401 Unauthorized: Invalid token.")
  }
}
