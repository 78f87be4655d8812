import Foundation
import Glibc
import HTTP
import Testing
import TestSupport

/// Failures are retried exactly when repeating the request cannot make the
/// server act twice; checked against the backend's own request log.
@Suite struct HTTPClientRetryTests {
  let path = "/plugin_releases/"

  func smallUpload(_ server: BackendServer, _ dir: TemporaryDirectory, size: Int = 1000) -> HTTPRequest {
    let (file, _) = writeRandomFile(in: dir, "plugin.zip", size: size)
    return releaseRequest(server, form: releaseForm(file: file, size: size))
  }

  @Test func serviceUnavailableIsRetriedAfterRetryAfter() throws {
    let server = try BackendServer(faults: ["503:1"])
    let dir = TemporaryDirectory()
    let observer = RecordingObserver()
    let start = ContinuousClock.now

    let response = try fastClient().send(smallUpload(server, dir), observer: observer)

    #expect(response.status == 201)
    #expect(response.attempts == 2)
    #expect(seconds(since: start) >= 1)
    let retries = observer.retries
    #expect(retries.count == 1)
    #expect(retries.first?.attempt == 2)
    #expect(retries.first?.delay == 1)
    guard case .status(let status)? = retries.first?.error else {
      Issue.record("expected a status error, got \(String(describing: retries.first?.error))")
      return
    }
    #expect(status.status == 503)
    #expect(server.requests(path: path, atLeast: 2).map { $0["status"] as? Int } == [503, 201])
    #expect(server.releases().count == 1)
  }

  @Test func internalServerErrorIsNotRetried() throws {
    let server = try BackendServer(faults: ["500"])
    let dir = TemporaryDirectory()
    #expect {
      try fastClient().send(smallUpload(server, dir))
    } throws: { error in
      guard case .status(let status) = error as? HTTPError else { return false }
      return status.status == 500 && status.kind == .server && status.detail == "Internal server error"
    }
    // Give a (wrong) retry time to show up in the log.
    usleep(100_000)
    #expect(server.requests(path: path, atLeast: 1).count == 1)
    #expect(server.releases().isEmpty)
  }

  @Test func resetMidUploadIsRetriedAndCreatesOneRelease() throws {
    let server = try BackendServer(faults: ["reset"])
    let dir = TemporaryDirectory()
    let observer = RecordingObserver()
    // Large enough that the socket buffers cannot hold the unread half: at
    // the reset, libcurl has been handed 60-75% of an 8 or 16 MiB body.
    let size = 32 * 1024 * 1024
    let (file, bytes) = writeRandomFile(in: dir, "plugin.zip", size: size)

    let response = try fastClient().send(
      releaseRequest(server, form: releaseForm(file: file, size: size)), observer: observer)

    #expect(response.status == 201)
    #expect(response.attempts == 2)
    guard case .connectionLost(_, let requestSent)? = observer.retries.first?.error else {
      Issue.record("expected connectionLost, got \(String(describing: observer.retries.first?.error))")
      return
    }
    #expect(!requestSent)
    let logged = server.requests(path: path, atLeast: 2)
    #expect(logged.map { $0["fault"] as? String } == ["reset", nil])
    #expect(logged.first?["status"] is NSNull)
    #expect(server.releases().count == 1)
    #expect(server.releaseFile(id: 1) == bytes)
  }

  @Test func droppedResponseToAFullySentPOSTIsNotRetried() throws {
    let server = try BackendServer(faults: ["drop-response"])
    let dir = TemporaryDirectory()
    #expect {
      try fastClient().send(smallUpload(server, dir))
    } throws: { error in
      guard case .connectionLost(let detail, let requestSent) = error as? HTTPError else { return false }
      return requestSent && detail.contains("127.0.0.1:\(server.port)")
    }
    usleep(100_000)
    let logged = server.requests(path: path, atLeast: 1)
    #expect(logged.count == 1)
    #expect(logged.first?["fault"] as? String == "drop-response")
    // The server did act on it: exactly why repeating it would be wrong.
    #expect(server.releases().count == 1)
  }

  @Test func aStalledServerTimesOutQuickly() throws {
    let server = try BackendServer(faults: ["stall:5"])
    let dir = TemporaryDirectory()
    let start = ContinuousClock.now
    #expect {
      try fastClient(timeout: 1).send(smallUpload(server, dir))
    } throws: { error in
      switch error as? HTTPError {
      case .timeout(1, true)?, .stalled(_, true)?: return true
      default: return false
      }
    }
    #expect(seconds(since: start) < 2.5)
  }

  @Test func refusedConnectionsAreRetriedThenReported() throws {
    let port = try closedPort()
    let observer = RecordingObserver()
    let request = HTTPRequest(method: "POST", url: "http://127.0.0.1:\(port)/plugin_releases/", body: .bytes([1], contentType: "application/octet-stream"))
    #expect(throws: HTTPError.connectionRefused(host: "127.0.0.1:\(port)")) {
      try fastClient(maxRetries: 3).send(request, observer: observer)
    }
    #expect(observer.retries.map(\.attempt) == [2, 3, 4])
    #expect(observer.retries.allSatisfy { $0.delay <= 0.04 })
  }

  @Test func aSilentTLSServerIsAConnectTimeoutAndRetried() throws {
    // The kernel completes the TCP handshake for a listening socket nobody
    // accepts from; the TLS handshake then never gets an answer.
    let (fd, port) = try loopbackSocket()
    defer { close(fd) }
    #expect(listen(fd, 8) == 0)
    let observer = RecordingObserver()
    let client = try HTTPClient(
      configuration: HTTPConfiguration(connectTimeout: 0.3, maxRetries: 1, retryBaseDelay: 0.01))
    let start = ContinuousClock.now
    #expect(throws: HTTPError.connectTimeout(seconds: 0.3)) {
      try client.send(HTTPRequest(method: "POST", url: "https://127.0.0.1:\(port)/", body: .bytes([1], contentType: "text/plain")), observer: observer)
    }
    #expect(observer.retries.count == 1)
    #expect(seconds(since: start) < 2)
  }

  @Test func unknownHostsAreNotRetried() throws {
    let observer = RecordingObserver()
    #expect(throws: HTTPError.couldNotResolve(host: "synapse-backend.invalid")) {
      try fastClient().send(HTTPRequest(url: "http://synapse-backend.invalid/"), observer: observer)
    }
    #expect(observer.retries.isEmpty)
  }

  /// A loopback port that was just free: bound, then closed.
  func closedPort() throws -> Int {
    let (fd, port) = try loopbackSocket()
    close(fd)
    return port
  }

  /// A TCP socket bound to an ephemeral loopback port, and the port.
  func loopbackSocket() throws -> (Int32, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
      try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
        guard bind(fd, socketAddress, length) == 0, getsockname(fd, socketAddress, &length) == 0 else {
          close(fd)
          throw POSIXError(.EADDRINUSE)
        }
      }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
  }
}
