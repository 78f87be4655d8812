import Foundation
import HTTP
import Testing
import TestSupport

/// Collects what a response stream receives; optionally refuses more after `stopAfter` bytes.
final class CollectingStream: HTTPResponseStream, @unchecked Sendable {
  // @unchecked: every access goes through `lock`.
  private let lock = NSLock()
  private var received: [UInt8] = []
  private var calls = 0
  let stopAfter: Int?

  init(stopAfter: Int? = nil) {
    self.stopAfter = stopAfter
  }

  func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
    lock.withLock {
      received.append(contentsOf: bytes)
      calls += 1
      return stopAfter.map { received.count < $0 } ?? true
    }
  }

  var bytes: [UInt8] { lock.withLock { received } }
  var callCount: Int { lock.withLock { calls } }
}

/// The body the stub sends: byte i is i % 251.
func stubPattern(_ size: Int) -> [UInt8] {
  (0..<size).map { UInt8($0 % 251) }
}

func streamStub() throws -> StubServer {
  try StubServer(script: "Tests/Backend/stream_stub.py")
}

/// `HTTPRequest.responseLimit`: how much of a collected body is accepted.
@Suite struct HTTPResponseLimitTests {
  @Test func aBodyUpToTheLimitIsReturned() throws {
    let server = try streamStub()
    let response = try fastClient().send(HTTPRequest(url: server.baseURL + "/bytes?size=10000", responseLimit: 10000))
    #expect(response.body == stubPattern(10000))
  }

  @Test func aLargerBodyIsTooLargeWithThatLimit() throws {
    let server = try streamStub()
    let url = server.baseURL + "/bytes?size=10001&chunk=1000"
    #expect(throws: HTTPError.responseTooLarge(url: url, limit: 10000)) {
      try fastClient().send(HTTPRequest(url: url, responseLimit: 10000))
    }
    // Not repeated: the same request would only get the same body.
    #expect(server.requests().count == 1)
  }

  @Test func anErrorBodyIsBoundedToo() throws {
    let server = try streamStub()
    let url = server.baseURL + "/bytes?status=500&size=5000"
    #expect(throws: HTTPError.responseTooLarge(url: url, limit: 100)) {
      try fastClient(maxRetries: 0).send(HTTPRequest(url: url, responseLimit: 100))
    }
  }

  @Test func theDefaultLimitIsSixteenMiB() throws {
    let server = try streamStub()
    let url = server.baseURL + "/bytes?size=\((16 << 20) + 1)&chunk=65536"
    #expect(HTTPRequest(url: url).responseLimit == HTTPClient.maxResponseBodySize)
    #expect(throws: HTTPError.responseTooLarge(url: url, limit: 16 << 20)) {
      try fastClient().send(HTTPRequest(url: url))
    }
  }

  @Test func theMessageGivesTheLimit() {
    #expect(HTTPError.responseTooLarge(url: "http://h/x", limit: 16 << 20).description.hasSuffix("exceeded 16 MiB"))
    #expect(HTTPError.responseTooLarge(url: "http://h/x", limit: 100).description.hasSuffix("exceeded 100 bytes"))
  }
}

/// `HTTPRequest.responseStream`: a 2xx body handed over as it arrives.
@Suite struct HTTPResponseStreamTests {
  @Test func piecesArriveInOrderAndAreNotCollected() throws {
    let server = try streamStub()
    let stream = CollectingStream()
    let response = try fastClient().send(
      HTTPRequest(url: server.baseURL + "/bytes?size=300000&chunk=1000", responseStream: stream))
    #expect(response.status == 200)
    #expect(response.body.isEmpty)
    #expect(stream.bytes == stubPattern(300_000))
  }

  @Test func aStreamedBodyIsNotBoundedByTheLimit() throws {
    let server = try streamStub()
    let stream = CollectingStream()
    _ = try fastClient().send(
      HTTPRequest(url: server.baseURL + "/bytes?size=50000", responseLimit: 10, responseStream: stream))
    #expect(stream.bytes == stubPattern(50000))
  }

  @Test func returningFalseEndsTheTransferAsASuccess() throws {
    let server = try streamStub()
    let stream = CollectingStream(stopAfter: 1)
    // The server sends 5000 bytes, then holds the response open until the client leaves.
    let response = try fastClient().send(HTTPRequest(url: server.baseURL + "/hold?first=5000", responseStream: stream))
    #expect(response.status == 200)
    #expect(response.attempts == 1)
    #expect(stream.bytes == Array(stubPattern(5000).prefix(stream.bytes.count)))
    #expect(!stream.bytes.isEmpty)
    let hold = server.requests { $0["hold"] != nil }
    #expect(hold.first?["client_closed"] as? Bool == true, "\(server.log)")
  }

  @Test func anErrorBodyIsReportedNotStreamed() throws {
    let server = try streamStub()
    let stream = CollectingStream()
    let client = try fastClient()
    do {
      _ = try client.send(
        HTTPRequest(url: server.baseURL + "/bytes?status=404&size=300", responseStream: stream))
      Issue.record("expected a status error")
    } catch {
      guard case .status(let status) = error else {
        Issue.record("expected a status error, got \(error)")
        return
      }
      #expect(status.status == 404)
      #expect(status.body == stubPattern(300))
    }
    #expect(stream.callCount == 0)
  }

  @Test func onlyTheSuccessfulAttemptIsStreamed() throws {
    let server = try streamStub()
    let stream = CollectingStream()
    let response = try fastClient().send(
      HTTPRequest(url: server.baseURL + "/flaky?key=a&size=2000", responseStream: stream))
    #expect(response.attempts == 2)
    #expect(stream.bytes == stubPattern(2000))
  }

  @Test func aStreamCutOffIsNotRepeated() throws {
    let server = try streamStub()
    let stream = CollectingStream()
    let error = #expect(throws: HTTPError.self) {
      _ = try fastClient(maxRetries: 3).send(
        HTTPRequest(url: server.baseURL + "/drop?size=4000", responseStream: stream))
    }
    guard case .connectionLost? = error else {
      Issue.record("expected a lost connection, got \(String(describing: error))")
      return
    }
    #expect(stream.bytes == stubPattern(4000))
    #expect(server.requests().count == 1)
  }

  @Test func aCollectedBodyCutOffIsStillRetried() throws {
    let server = try streamStub()
    #expect(throws: HTTPError.self) {
      _ = try fastClient(maxRetries: 2).send(HTTPRequest(url: server.baseURL + "/drop?size=4000"))
    }
    #expect(server.requests().count == 3)
  }
}
