/// A path whose index entry differs from HEAD's tree (what `git diff --cached` reports).
nonisolated public struct GitChange: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case added
    case modified
    case deleted
    /// Moved from `from` (git's rename detection: at least 50% similar content).
    case renamed(from: String)
    /// A file became a symlink or a submodule, or the other way round.
    case typeChanged
    /// The index holds conflict stages for the path (an unfinished merge).
    case conflicted
  }

  /// The path relative to the working directory, after the change (the new side of a rename).
  public let path: String
  public let kind: Kind

  public init(path: String, kind: Kind) {
    self.path = path
    self.kind = kind
  }

  /// Every path the change touches: both sides of a rename, otherwise just `path`. What a build
  /// that asks "did anything under this directory change?" must look at.
  public var touchedPaths: [String] {
    if case .renamed(let from) = kind { return [from, path] }
    return [path]
  }
}
