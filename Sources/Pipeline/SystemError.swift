import Glibc

/// A failed system call, naming the operation, the path and the cause.
///
/// Every file error the engine raises is one of these, so the CLI can print one line that
/// says what failed where (`cannot open /p/notes.txt: Permission denied`).
public struct SystemError: Error, Sendable, CustomStringConvertible, Equatable {
  public let operation: String
  public let path: String
  public let code: Int32

  public init(_ operation: String, _ path: String, code: Int32 = errno) {
    self.operation = operation
    self.path = path
    self.code = code
  }

  public var reason: String { String(cString: strerror(code)) }

  public var description: String { "cannot \(operation) \(path): \(reason)" }
}
