import Foundation
import HTTP
import Testing
import TestSupport

/// The backend's refusals arrive as typed errors with readable details.
@Suite struct HTTPClientStatusTests {
  /// The `HTTPStatusError` a request fails with, or nil (recorded as an issue).
  func statusError(_ client: HTTPClient, _ request: HTTPRequest) -> HTTPStatusError? {
    do {
      let response = try client.send(request)
      Issue.record("expected a status error, got \(response.status)")
    } catch {
      if case .status(let status) = error {
        return status
      }
      Issue.record("expected a status error, got \(error)")
    }
    return nil
  }

  func upload(_ server: BackendServer, _ dir: TemporaryDirectory, token: String? = nil, omitting: Set<String> = [])
    -> HTTPRequest
  {
    let (file, _) = writeRandomFile(in: dir, "plugin.zip", size: 4096)
    return releaseRequest(server, form: releaseForm(file: file, size: 4096, omitting: omitting), token: token)
  }

  @Test func wrongTokenIsUnauthorized() throws {
    let server = try BackendServer()
    let dir = TemporaryDirectory()
    let secret = "wrong-secret-42"
    let error = try #require(statusError(try fastClient(), upload(server, dir, token: secret)))
    #expect(error.status == 401)
    #expect(error.kind == .unauthorized)
    #expect(error.detail == "Invalid token.")
    #expect(error.description == "401 Unauthorized: Invalid token.")
    #expect(!HTTPError.status(error).description.contains(secret))
  }

  @Test func oversizedBodyIsPayloadTooLarge() throws {
    let server = try BackendServer(maxBody: 1000)
    let dir = TemporaryDirectory()
    let error = try #require(statusError(try fastClient(), upload(server, dir)))
    #expect(error.kind == .payloadTooLarge)
    #expect(error.description == "413 Content Too Large: Request body too large")
  }

  @Test func injectedStatusesArriveTyped() throws {
    let server = try BackendServer(faults: ["403", "413", "429:0"])
    let dir = TemporaryDirectory()
    let client = try fastClient(maxRetries: 0)
    #expect(statusError(client, upload(server, dir))?.kind == .forbidden)
    #expect(statusError(client, upload(server, dir))?.kind == .payloadTooLarge)
    let limited = statusError(client, upload(server, dir))
    #expect(limited?.kind == .rateLimited)
    #expect(limited?.headers.contains(HTTPHeader("Retry-After", "0")) == true)
  }

  @Test func duplicateVersionIsInvalidAndSaysSo() throws {
    let server = try BackendServer()
    let dir = TemporaryDirectory()
    let client = try fastClient()
    _ = try client.send(upload(server, dir))
    let error = try #require(statusError(client, upload(server, dir)))
    #expect(error.kind == .invalid)
    #expect(error.code == "version_exists")
    #expect(error.detail.contains("already exists"))
    #expect(error.description == "400 Bad Request: Release demo 1.0.0 already exists.")
  }

  @Test func missingFieldsAreListed() throws {
    let server = try BackendServer()
    let dir = TemporaryDirectory()
    let error = try #require(statusError(try fastClient(), upload(server, dir, omitting: ["version", "debug"])))
    #expect(error.kind == .invalid)
    #expect(
      error.detail == """
        body -> version: Field required (type=missing)
        body -> debug: Field required (type=missing)
        """)
  }

  @Test func badChecksumFaultStillCreatesTheRelease() throws {
    let server = try BackendServer(faults: ["bad-checksum"])
    let dir = TemporaryDirectory()
    let response = try fastClient().send(upload(server, dir))
    #expect(jsonObject(response.body)["checksum"] as? String == String(repeating: "0", count: 32))
    #expect(server.releases().count == 1)
  }
}
