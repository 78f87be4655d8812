import Dispatch
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
  ///
  /// The commit and branch come from the repository's files; the dirty flag needs a status
  /// scan through libgit2, which ``dirtyFlag`` runs on another thread while the build runs.
  public static func of(_ directory: String) -> GitProvenance? {
    guard let head = GitHeadFile.read(containing: directory) else { return nil }
    return GitProvenance(commit: head.commit, branch: head.branch, dirty: dirtyFlag(directory).wait())
  }

  /// The commit and branch now (``Pending/known``, with `dirty` false), the whole provenance
  /// from ``Pending/finish()`` once the background status scan is done.
  ///
  /// - Parameter checkDirty: Whether to compute the dirty flag at all. Loading libgit2 and
  ///   scanning the repository's status costs 5–10 ms, twice a null build; `synapse build`
  ///   pays it only for `--json`, the report machines read.
  public static func begin(_ directory: String, checkDirty: Bool) -> Pending? {
    guard let head = GitHeadFile.read(containing: directory) else { return nil }
    return Pending(
      known: GitProvenance(commit: head.commit, branch: head.branch, dirty: false),
      dirty: checkDirty ? dirtyFlag(directory) : nil)
  }

  public struct Pending: Sendable {
    public let known: GitProvenance
    let dirty: DirtyFlag?

    /// The provenance, with the dirty flag when it was asked for (false otherwise).
    public func finish() -> GitProvenance {
      GitProvenance(commit: known.commit, branch: known.branch, dirty: dirty?.wait() ?? false)
    }
  }

  /// Whether the repository's index or working tree differs from HEAD, computed on a
  /// background thread.
  public final class DirtyFlag: @unchecked Sendable {
    // @unchecked: `value` is written once on `queue`, then read after `group.wait()`.
    private let group = DispatchGroup()
    private var value = false

    init(_ directory: String) {
      group.enter()
      DispatchQueue.global().async {
        if let repository = (try? GitRepository.discover(containing: directory)) ?? nil {
          self.value = (try? repository.isDirty()) ?? false
        }
        self.group.leave()
      }
    }

    public func wait() -> Bool {
      group.wait()
      return value
    }
  }

  static func dirtyFlag(_ directory: String) -> DirtyFlag { DirtyFlag(directory) }

  /// The archive comment: the commit, which with the content fixes the archive's bytes.
  public var archiveComment: String? { commit.map { "git commit \($0)" } }
}
