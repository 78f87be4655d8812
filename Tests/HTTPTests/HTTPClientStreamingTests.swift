import Foundation
import HTTP
import Testing
import TestSupport

/// Responses streamed to a sink (no size limit, error bodies kept apart) and connections
/// kept open between requests, against a real nginx.
@Suite struct HTTPClientStreamingTests {
  /// Everything a sink was given.
  final class CollectingSink: HTTPResponseSink {
    var bytes: [UInt8] = []
    var begins = 0
    var failAfter: Int?

    struct Full: Error, CustomStringConvertible {
      var description: String { "no space left on device" }
    }

    func begin() throws {
      begins += 1
      bytes = []
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
      if let failAfter, bytes.count + chunk.count > failAfter { throw Full() }
      bytes.append(contentsOf: chunk)
    }
  }

  func client(reusing: Bool = false) throws -> HTTPClient {
    try HTTPClient(
      configuration: HTTPConfiguration(connectTimeout: 5, maxRetries: 0, reusesConnections: reusing))
  }

  @Test func aSuccessfulBodyGoesToTheSinkWhateverItsSize() throws {
    let nginx = try NginxServer()
    let dir = TemporaryDirectory()
    let size = HTTPClient.maxResponseBodySize + 12_345
    let (path, bytes) = writeRandomFile(in: dir, "big", size: size)
    try FileManager.default.createDirectory(atPath: nginx.root + "/cas", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: path, toPath: nginx.root + "/cas/big")

    let sink = CollectingSink()
    let response = try client().send(HTTPRequest(url: nginx.url + "/cas/big"), sink: sink)
    #expect(response.status == 200)
    #expect(response.body.isEmpty)
    #expect(sink.begins == 1)
    #expect(sink.bytes == bytes)
    // Held in memory instead, the same body is refused.
    #expect {
      try client().send(HTTPRequest(url: nginx.url + "/cas/big"))
    } throws: { error in
      guard case .responseTooLarge = error as? HTTPError else { return false }
      return true
    }
  }

  @Test func anErrorBodyNeverReachesTheSink() throws {
    let nginx = try NginxServer()
    let sink = CollectingSink()
    #expect {
      try client().send(HTTPRequest(url: nginx.url + "/cas/missing"), sink: sink)
    } throws: { error in
      guard case .status(let status) = error as? HTTPError else { return false }
      return status.status == 404 && status.statusLine == "404 Not Found" && !status.body.isEmpty
    }
    #expect(sink.begins == 0)
    #expect(sink.bytes.isEmpty)
  }

  @Test func aSinkThatCannotTakeTheBodyAbortsTheTransfer() throws {
    let nginx = try NginxServer()
    let dir = TemporaryDirectory()
    let (path, _) = writeRandomFile(in: dir, "object", size: 1 << 20)
    try FileManager.default.copyItem(atPath: path, toPath: nginx.root + "/object")
    let sink = CollectingSink()
    sink.failAfter = 1000
    #expect {
      try client().send(HTTPRequest(url: nginx.url + "/object"), sink: sink)
    } throws: { error in
      error as? HTTPError == .responseUnwritable("no space left on device")
    }
  }

  @Test func connectionsAreKeptOpenOnlyWhenAsked() throws {
    let nginx = try NginxServer()
    let body = Array("stored through a reused connection".utf8)
    for reusing in [true, false] {
      let client = try client(reusing: reusing)
      let before = nginx.requests().count
      let path = "/reuse-\(reusing)/object"
      // HEAD (404), PUT, GET, HEAD, GET: every method libcurl sets differently, in turn on
      // one handle, so a leftover option would show.
      #expect(throws: HTTPError.self) { try client.send(HTTPRequest(method: "HEAD", url: nginx.url + path)) }
      _ = try client.send(
        HTTPRequest(method: "PUT", url: nginx.url + path, body: .bytes(body, contentType: "application/octet-stream")))
      #expect(try client.send(HTTPRequest(url: nginx.url + path)).body == body)
      #expect(try client.send(HTTPRequest(method: "HEAD", url: nginx.url + path)).body.isEmpty)
      #expect(try client.send(HTTPRequest(url: nginx.url + path)).body == body)
      // nginx logs a request after answering it; the last one is logged by now or soon.
      var requests = Array(nginx.requests().dropFirst(before))
      for _ in 0..<200 where requests.count < 5 {
        usleep(10_000)
        requests = Array(nginx.requests().dropFirst(before))
      }
      #expect(requests.map(\.method) == ["HEAD", "PUT", "GET", "HEAD", "GET"])
      #expect(requests.map(\.status) == [404, 201, 200, 200, 200])
      #expect(Set(requests.map(\.connection)).count == (reusing ? 1 : 5))
    }
  }
}
