import Foundation
import HTTP
import Testing
import TestSupport

/// The connection's socket must not leak into child processes started while
/// an upload runs, or closing it would not end the connection.
@Suite struct SocketInheritanceTests {
  /// Checks, during the transfer, the close-on-exec flag of this process's
  /// descriptors whose TCP connection goes to `port`.
  final class SocketInspector: HTTPTransferObserver, @unchecked Sendable {
    // @unchecked: only used on the sending thread.
    let port: Int
    var flags: [Bool] = []

    init(port: Int) {
      self.port = port
    }

    func progress(sent: Int64, totalToSend: Int64, received: Int64) {
      guard flags.isEmpty, sent > 0 else { return }
      // /proc files report size 0, so read until end of file rather than by size.
      let handle = FileHandle(forReadingAtPath: "/proc/self/net/tcp")
      defer { try? handle?.close() }
      let table = String(decoding: (try? handle?.readToEnd()) ?? Data(), as: UTF8.self)
      let portHex = String(format: ":%04X", port)
      let inodes = Set(
        table.split(separator: "\n").dropFirst().compactMap { line -> String? in
          let fields = line.split(separator: " ")
          return fields.count > 9 && fields[2].hasSuffix(portHex) ? String(fields[9]) : nil
        })
      let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
      for fd in descriptors {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"),
          inodes.contains(where: { target == "socket:[\($0)]" }),
          let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8),
          let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
          let value = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8)
        else { continue }
        flags.append(value & Int(O_CLOEXEC) != 0)
      }
    }

    func willRetry(attempt: Int, delay: Double, after error: HTTPError) {}
  }

  @Test func connectionSocketsAreCloseOnExec() throws {
    let server = try BackendServer()
    let dir = TemporaryDirectory()
    let (path, _) = writeRandomFile(in: dir, "plugin.zip", size: 256 * 1024)
    let inspector = SocketInspector(port: server.port)
    _ = try fastClient().send(releaseRequest(server, form: releaseForm(file: path, size: 256 * 1024)), observer: inspector)
    #expect(inspector.flags == [true])
  }
}
