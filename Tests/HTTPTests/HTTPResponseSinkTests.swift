import Foundation
import HTTP
import Testing
import TestSupport

/// Collects what a response sink receives; optionally finished after `stopAfter` bytes, and
/// optionally refusing to start over once it has received something (as a sink that has
/// already shown what it got must).
final class CollectingSink: HTTPResponseSink {
  private(set) var bytes: [UInt8] = []
  private(set) var callCount = 0
  private(set) var begins = 0
  let stopAfter: Int?
  let restartable: Bool

  struct CannotRestart: Error {}

  init(stopAfter: Int? = nil, restartable: Bool = true) {
    self.stopAfter = stopAfter
    self.restartable = restartable
  }

  func begin() throws {
    begins += 1
    guard restartable || bytes.isEmpty else { throw CannotRestart() }
    bytes = []
  }

  func write(_ chunk: UnsafeRawBufferPointer) {
    bytes.append(contentsOf: chunk)
    callCount += 1
  }

  var isFinished: Bool { stopAfter.map { bytes.count >= $0 } ?? false }
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

/// `HTTPClient.send(_:sink:)`: a 2xx body handed over as it arrives.
@Suite struct HTTPResponseSinkTests {
  @Test func piecesArriveInOrderAndAreNotCollected() throws {
    let server = try streamStub()
    let stream = CollectingSink()
    let response = try fastClient().send(
      HTTPRequest(url: server.baseURL + "/bytes?size=300000&chunk=1000"), sink: stream)
    #expect(response.status == 200)
    #expect(response.body.isEmpty)
    #expect(stream.bytes == stubPattern(300_000))
  }

  @Test func aStreamedBodyIsNotBoundedByTheLimit() throws {
    let server = try streamStub()
    let stream = CollectingSink()
    _ = try fastClient().send(
      HTTPRequest(url: server.baseURL + "/bytes?size=50000", responseLimit: 10), sink: stream)
    #expect(stream.bytes == stubPattern(50000))
  }

  @Test func aFinishedSinkEndsTheTransferAsASuccess() throws {
    let server = try streamStub()
    let stream = CollectingSink(stopAfter: 1)
    // The server sends 5000 bytes, then holds the response open until the client leaves.
    let response = try fastClient().send(HTTPRequest(url: server.baseURL + "/hold?first=5000"), sink: stream)
    #expect(response.status == 200)
    #expect(response.attempts == 1)
    #expect(stream.bytes == Array(stubPattern(5000).prefix(stream.bytes.count)))
    #expect(!stream.bytes.isEmpty)
    let hold = server.requests { $0["hold"] != nil }
    #expect(hold.first?["client_closed"] as? Bool == true, "\(server.log)")
  }

  @Test func anErrorBodyIsReportedNotStreamed() throws {
    let server = try streamStub()
    let stream = CollectingSink()
    let client = try fastClient()
    do {
      _ = try client.send(
        HTTPRequest(url: server.baseURL + "/bytes?status=404&size=300"), sink: stream)
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
    let stream = CollectingSink()
    let response = try fastClient().send(
      HTTPRequest(url: server.baseURL + "/flaky?key=a&size=2000"), sink: stream)
    #expect(response.attempts == 2)
    #expect(stream.bytes == stubPattern(2000))
    #expect(stream.begins == 1)
  }

  @Test func aRetryStartsTheSinkOverWhenItCan() throws {
    let server = try streamStub()
    let stream = CollectingSink()
    // Every attempt is cut off after its 4000 bytes; each retry starts the sink again.
    #expect(throws: HTTPError.self) {
      _ = try fastClient(maxRetries: 2).send(HTTPRequest(url: server.baseURL + "/drop?size=4000"), sink: stream)
    }
    #expect(stream.begins == 3)
    #expect(stream.bytes == stubPattern(4000))
    #expect(server.requests().count == 3)
  }

  @Test func aSinkThatCannotStartOverEndsTheRetries() throws {
    let server = try streamStub()
    let stream = CollectingSink(restartable: false)
    let error = #expect(throws: HTTPError.self) {
      _ = try fastClient(maxRetries: 3).send(HTTPRequest(url: server.baseURL + "/drop?size=4000"), sink: stream)
    }
    guard case .responseUnwritable? = error else {
      Issue.record("expected the sink's refusal, got \(String(describing: error))")
      return
    }
    // What it had was handed over once; the second attempt was refused at its start.
    #expect(stream.bytes == stubPattern(4000))
    #expect(stream.begins == 2)
    #expect(server.requests().count == 2)
  }

  @Test func aCollectedBodyCutOffIsStillRetried() throws {
    let server = try streamStub()
    #expect(throws: HTTPError.self) {
      _ = try fastClient(maxRetries: 2).send(HTTPRequest(url: server.baseURL + "/drop?size=4000"))
    }
    #expect(server.requests().count == 3)
  }
}
