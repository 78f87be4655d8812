/// One staged file: what the index records for a path at stage 0.
nonisolated public struct GitIndexEntry: Sendable, Equatable {
  /// Relative to the working directory, with `/` separators.
  public let path: String
  /// Git's mode: 0o100644, 0o100755, 0o120000 (symlink) or 0o160000 (submodule).
  public let mode: UInt32
  /// The file size recorded when the entry was staged (git stores it truncated to 32 bits).
  public let size: Int
  /// The blob's 40-hex object id (the commit id for a submodule).
  public let id: String

  public init(path: String, mode: UInt32, size: Int, id: String) {
    self.path = path
    self.mode = mode
    self.size = size
    self.id = id
  }

  public var isExecutable: Bool { mode == 0o100755 }
  public var isSymlink: Bool { mode == 0o120000 }
  public var isSubmodule: Bool { mode == 0o160000 }
}
