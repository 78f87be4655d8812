import Git

/// Where a build's sources came from, when the plugin is in a git repository: the commit,
/// the branch and whether the tree differs from the commit. The build report carries it,
/// and the archive's comment names the commit.
public struct GitProvenance: Sendable, Equatable {
  /// 40 hex digits; nil before the first commit.
  public let commit: String?
  /// nil when HEAD is detached.
  public let branch: String?
  /// The index or the working tree differs from the commit (untracked files do not count).
  public let dirty: Bool

  public init(commit: String?, branch: String?, dirty: Bool) {
    self.commit = commit
    self.branch = branch
    self.dirty = dirty
  }

  /// The provenance of `directory`, or nil when it is not in a repository (or the repository
  /// cannot be read: provenance is information, never a reason for a build to fail).
  public static func of(_ directory: String) -> GitProvenance? {
    guard let repository = (try? GitRepository.discover(containing: directory)) ?? nil,
      let head = try? repository.head()
    else { return nil }
    let dirty = (try? repository.isDirty()) ?? false
    switch head {
    case .commit(let id, let branch): return GitProvenance(commit: id, branch: branch, dirty: dirty)
    case .unborn(let branch): return GitProvenance(commit: nil, branch: branch, dirty: dirty)
    }
  }

  /// The archive comment: the commit, which with the content fixes the archive's bytes.
  public var archiveComment: String? { commit.map { "git commit \($0)" } }
}
