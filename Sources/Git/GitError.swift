/// A failure while loading libgit2 or reading a repository.
nonisolated public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// `libgit2.so.1.5` could not be opened, lacks a symbol or failed to initialise.
    case libraryUnavailable
    /// A libgit2 call failed; `message` carries libgit2's own text.
    case libgit2
    /// The path given to `discover(containing:)` does not exist.
    case pathNotFound
    /// An index or working-tree operation was asked of a bare repository, which has neither.
    case bareRepository
    /// A repository-relative path that libgit2 cannot look up (empty, absolute, NUL byte).
    case invalidPath
    /// The path names a directory or a submodule, which has no content of its own.
    case notAFile
    /// A configuration value that cannot be used as written (e.g. `~user` for an unknown user).
    case invalidConfiguration
  }

  public let kind: Kind
  /// The file, repository or configuration key concerned, when there is one.
  public let path: String?
  /// What went wrong, including libgit2's message when there is one.
  public let message: String

  public init(kind: Kind, path: String?, message: String) {
    self.kind = kind
    self.path = path
    self.message = message
  }

  public var description: String {
    switch kind {
    case .libraryUnavailable:
      return "libgit2.so.1.5 could not be loaded (\(message)); install the libgit2-1.5 package"
    default:
      guard let path else {
        return message
      }
      return "\(path): \(message)"
    }
  }
}
