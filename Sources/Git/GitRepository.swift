import CGit2
import Glibc

/// An open git repository, read through libgit2.
///
/// Every query reads the repository's current state (the index is reloaded
/// when it changed on disk), so one value can serve a whole command even while
/// `git` runs beside it. Environment variables such as `GIT_DIR` and
/// `GIT_INDEX_FILE` are not consulted: the repository is the one containing the
/// path given to `discover(containing:)`.
public final class GitRepository: @unchecked Sendable {
  // @unchecked: a libgit2 repository (and the index and config it caches) must
  // not be used by two threads at once; every use of `handle` holds `mutex`.
  // The stored properties are immutable.

  let library: GitLibrary
  private let handle: OpaquePointer
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  public let isBare: Bool
  /// The working directory: absolute, without a trailing slash; nil for a bare repository.
  public let workdir: String?
  /// The git directory (`.git`, or `.git/worktrees/<name>` for a linked worktree), no trailing slash.
  public let gitDirectory: String
  /// The directory shared by all worktrees (hooks, config, objects); `gitDirectory` unless this is
  /// a linked worktree.
  public let commonDirectory: String
  /// An index file to read instead of the repository's own, as git's `GIT_INDEX_FILE` names
  /// one: `git commit -a` and `git commit <paths>` run the pre-commit hook with a temporary
  /// index holding exactly what is being committed. Set it before any index operation.
  public nonisolated(unsafe) var indexFile: String?

  private init(library: GitLibrary, handle: OpaquePointer) {
    let api = library.api.pointee
    self.library = library
    self.handle = handle
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
    isBare = api.repository_is_bare(handle) == 1
    workdir = api.repository_workdir(handle).map { String(cString: $0).withoutTrailingSlash }
    gitDirectory = api.repository_path(handle).map { String(cString: $0).withoutTrailingSlash } ?? ""
    commonDirectory = api.repository_commondir(handle).map { String(cString: $0).withoutTrailingSlash } ?? gitDirectory
  }

  deinit {
    library.api.pointee.repository_free(handle)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// The repository containing `path` (a file or directory), searching upwards as `git` does
  /// (stopping at a filesystem boundary); nil when there is none.
  public static func discover(containing path: String) throws(GitError) -> GitRepository? {
    let library = try GitLibrary.shared()
    var info = stat()
    guard stat(path, &info) == 0 else {
      let reason = String(cString: strerror(errno))
      throw GitError(kind: .pathNotFound, path: path, message: "cannot look for a repository: \(reason)")
    }
    // libgit2 searches from a directory; a file's repository is its directory's.
    let start = (info.st_mode & S_IFMT) == S_IFDIR ? path : parentDirectory(of: path)
    var repository: OpaquePointer?
    let status = library.api.pointee.repository_open_ext(&repository, start, 0, nil)
    if status == GIT_ENOTFOUND.rawValue {
      return nil
    }
    guard status == 0, let repository else {
      throw library.error(status, path: path, "cannot open the repository containing it")
    }
    return GitRepository(library: library, handle: repository)
  }

  /// Runs `body` with exclusive use of the libgit2 repository.
  func withHandle<T>(_ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body(handle)
  }

  /// A name for this repository in error messages: its working directory, or its git directory.
  var displayPath: String { workdir ?? gitDirectory }

  /// Where HEAD points. A symbolic HEAD naming a branch without commits is `.unborn`.
  public func head() throws(GitError) -> GitHead {
    let api = library.api.pointee
    return try withHandle { repository throws(GitError) in
      var reference: OpaquePointer?
      let status = api.repository_head(&reference, repository)
      if status == GIT_EUNBORNBRANCH.rawValue || status == GIT_ENOTFOUND.rawValue {
        return .unborn(branch: try unbornBranch(repository))
      }
      guard status == 0, let reference else {
        throw library.error(status, path: displayPath, "cannot resolve HEAD")
      }
      defer { api.reference_free(reference) }
      guard let target = api.reference_target(reference) else {
        throw GitError(kind: .libgit2, path: displayPath, message: "HEAD does not resolve to an object id")
      }
      var branch: String?
      if api.reference_is_branch(reference) == 1, let name = api.reference_name(reference) {
        branch = Self.branchName(String(cString: name))
      }
      return .commit(id: target.pointee.hex, branch: branch)
    }
  }

  /// The branch a HEAD without commits names ("refs/heads/main" → "main").
  private func unbornBranch(_ repository: OpaquePointer) throws(GitError) -> String {
    let api = library.api.pointee
    var head: OpaquePointer?
    let status = api.reference_lookup(&head, repository, "HEAD")
    guard status == 0, let head else {
      throw library.error(status, path: displayPath, "cannot read HEAD")
    }
    defer { api.reference_free(head) }
    guard let target = api.reference_symbolic_target(head) else {
      throw GitError(kind: .libgit2, path: displayPath, message: "HEAD is unborn but not symbolic")
    }
    return Self.branchName(String(cString: target))
  }

  private static func branchName(_ reference: String) -> String {
    let prefix = "refs/heads/"
    return reference.hasPrefix(prefix) ? String(reference.dropFirst(prefix.count)) : reference
  }

  /// The value of a configuration key (e.g. "core.hooksPath") as git resolves it: repository,
  /// then global, then system configuration; nil when no level sets it.
  public func configString(_ key: String) throws(GitError) -> String? {
    let api = library.api.pointee
    return try withHandle { repository throws(GitError) in
      // A snapshot, because git_config_get_string refuses live configurations (their strings
      // could be freed by a concurrent refresh).
      var config: OpaquePointer?
      let status = api.repository_config_snapshot(&config, repository)
      guard status == 0, let config else {
        throw library.error(status, path: displayPath, "cannot read the configuration")
      }
      defer { api.config_free(config) }
      var value: UnsafePointer<CChar>?
      let lookup = api.config_get_string(&value, config, key)
      if lookup == GIT_ENOTFOUND.rawValue {
        return nil
      }
      guard lookup == 0, let value else {
        throw library.error(lookup, path: key, "cannot read configuration key in \(displayPath)")
      }
      return String(cString: value)
    }
  }

  /// Rejects paths libgit2 would misread or silently resolve elsewhere.
  func validateRelativePath(_ path: String) throws(GitError) {
    if path.isEmpty || path.hasPrefix("/") || path.utf8.contains(0) {
      throw GitError(
        kind: .invalidPath, path: path,
        message: "not a path relative to the working directory of \(displayPath)")
    }
  }

  /// The error for an index or working-tree operation on a bare repository.
  func bareRepositoryError(_ operation: String) -> GitError {
    GitError(
      kind: .bareRepository, path: gitDirectory,
      message: "\(operation): the repository is bare (no index or working tree)")
  }
}

/// `path` without its last component ("a/b" → "a", "b" → ".", "/b" → "/").
private nonisolated func parentDirectory(of path: String) -> String {
  let trimmed = path.withoutTrailingSlash
  guard let slash = trimmed.lastIndex(of: "/") else {
    return "."
  }
  return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
}
