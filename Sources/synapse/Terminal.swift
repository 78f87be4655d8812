import Glibc

/// Unbuffered writes to the standard streams, and what they are connected to.
///
/// `write(2)` rather than `print` keeps stdout and stderr ordered as written and avoids the
/// C `stdout` global, which Swift 6 treats as shared mutable state.
struct Terminal: Sendable {
  let fd: Int32

  static let standardOutput = Terminal(fd: STDOUT_FILENO)
  static let standardError = Terminal(fd: STDERR_FILENO)

  func write(_ text: String) {
    var text = text
    text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
  }

  func write(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { write($0) }
  }

  private func write(_ buffer: UnsafeRawBufferPointer) {
    var offset = 0
    while offset < buffer.count {
      let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        return
      }
      offset += n
    }
  }

  var isTerminal: Bool { isatty(fd) == 1 }

  /// `NO_COLOR` (https://no-color.org): any non-empty value turns colour off.
  static var noColor: Bool { !(getenv("NO_COLOR").map { String(cString: $0) } ?? "").isEmpty }
}
