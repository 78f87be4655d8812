/// A failure while loading libarchive, writing or reading a zip.
///
/// Errors thrown by a `ZipWriter` sink or `contents` closure are rethrown
/// unchanged rather than wrapped, so callers can still match their own types.
nonisolated public struct ArchiveError: Error, CustomStringConvertible, Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// `libarchive.so.13` could not be opened or lacks a symbol.
    case libraryUnavailable
    /// A libarchive call failed; `message` carries `archive_error_string`.
    case libarchive
    /// A `contents` closure wrote fewer or more bytes than the declared size.
    case sizeMismatch
    /// An argument cannot be represented in a zip (empty path, NUL byte, range).
    case invalidArgument
    /// The writer was used after `finish()` or after an earlier failure.
    case invalidState
    /// libarchive produced bytes that do not have the expected zip layout.
    case unexpectedOutput
  }

  public let kind: Kind
  /// The entry path inside the archive, or the archive file for reader
  /// errors, when the failure concerns one.
  public let path: String?
  /// What went wrong, including libarchive's own message when there is one.
  public let message: String

  public init(kind: Kind, path: String?, message: String) {
    self.kind = kind
    self.path = path
    self.message = message
  }

  public var description: String {
    switch kind {
    case .libraryUnavailable:
      return "libarchive.so.13 could not be loaded (\(message)); install the libarchive13 package"
    default:
      guard let path else {
        return message
      }
      return "\(path): \(message)"
    }
  }

  static func libraryUnavailable(detail: String) -> ArchiveError {
    ArchiveError(kind: .libraryUnavailable, path: nil, message: detail)
  }
}
