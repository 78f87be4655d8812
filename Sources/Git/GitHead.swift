/// Where HEAD points.
nonisolated public enum GitHead: Sendable, Equatable {
  /// HEAD resolves to a commit: its 40-hex id, and the branch checked out (nil when detached).
  case commit(id: String, branch: String?)
  /// HEAD names a branch that has no commit yet (a fresh repository, or `git checkout --orphan`).
  case unborn(branch: String)

  /// The checked-out branch's short name, or nil when HEAD is detached.
  public var branch: String? {
    switch self {
    case .commit(_, let branch): return branch
    case .unborn(let branch): return branch
    }
  }

  /// The commit id, or nil when the branch is unborn.
  public var commitID: String? {
    if case .commit(let id, _) = self { return id }
    return nil
  }
}
