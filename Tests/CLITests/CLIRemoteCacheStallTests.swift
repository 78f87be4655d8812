import Foundation
import Synchronization
import TestSupport
import Testing

/// A listener on 127.0.0.1 that accepts connections and never answers: the remote cache
/// that costs a build its stall limit. Stopped by closing its socket (and every accepted
/// one), never by name.
final class SilentServer: Sendable {
  let port: Int
  private let listener: Int32
  private let state = Mutex<(accepted: [Date], connections: [Int32], stopped: Bool)>(([], [], false))

  init() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard fd >= 0, bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    port = Int(UInt16(bigEndian: address.sin_port))
    listener = fd
    let thread = Thread { [self] in acceptLoop() }
    thread.start()
  }

  deinit { stop() }

  private func acceptLoop() {
    while true {
      let connection = accept(listener, nil, nil)
      if connection < 0 {
        if errno == EINTR { continue }
        return
      }
      let keep = state.withLock { s -> Bool in
        guard !s.stopped else { return false }
        s.accepted.append(Date())
        s.connections.append(connection)
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        return true
      }
      if !keep {
        close(connection)
        return
      }
    }
  }

  /// When each connection was accepted.
  var accepted: [Date] { state.withLock { $0.accepted } }

  func stop() {
    let fds = state.withLock { s -> [Int32] in
      guard !s.stopped else { return [] }
      s.stopped = true
      return s.connections + [listener]
    }
    if fds.last == listener { shutdown(listener, Int32(SHUT_RDWR)) }
    for fd in fds { close(fd) }
  }
}

@Suite struct CLIRemoteCacheStallTests {
  /// README: a remote that accepts and never answers costs one stall (10 s, which libcurl
  /// notices up to five seconds late), then is not contacted again, by any lane: the
  /// requests other lanes have in flight are abandoned, and a stalled request is not retried.
  @Test func aRemoteThatNeverAnswersCostsOneStallAcrossAllLanes() throws {
    let server = try SilentServer()
    defer { server.stop() }
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let started = Date()
    let (result, json) = try f.buildJSON(
      plugin, ["-j", "4", "--remote-cache", "http://127.0.0.1:\(server.port)"])
    let elapsed = Date().timeIntervalSince(started)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(json.stageStatuses.values.allSatisfy { $0 == "ran" })
    let warnings = (json["warnings"] as? [String] ?? []).filter { $0.hasPrefix("remote cache ") }
    #expect(warnings.count == 1, "\(warnings)")
    #expect(warnings.first?.contains("not contacted again") == true, "\(warnings)")
    // One stall, not one per retry or lane (which took 20 to 40 s).
    #expect(elapsed < 18, "took \(elapsed) s")
    // Every connection was opened before the first stall was noticed: none after it.
    let accepted = server.accepted
    #expect(!accepted.isEmpty)
    for time in accepted {
      #expect(time.timeIntervalSince(started) < 9, "a connection \(time.timeIntervalSince(started)) s into the build")
    }
  }
}
