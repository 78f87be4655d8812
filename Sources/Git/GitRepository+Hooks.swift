import Glibc

extension GitRepository {
  /// Where git looks for hooks: `core.hooksPath` when set (a relative value is relative to the
  /// working directory, where git runs hooks, or to the git directory when bare; `~` and
  /// `~user` are expanded), otherwise `hooks` in the common git directory, which linked
  /// worktrees share. Absolute, without a trailing slash; the directory need not exist.
  public var hooksDirectory: String {
    get throws(GitError) {
      guard let configured = try configString("core.hooksPath"), !configured.isEmpty else {
        return commonDirectory + "/hooks"
      }
      let expanded = try Self.expandingUser(configured, key: "core.hooksPath")
      let absolute = expanded.hasPrefix("/") ? expanded : (workdir ?? gitDirectory) + "/" + expanded
      return Self.removingDotComponents(absolute)
    }
  }

  /// `~/x` → `$HOME/x`, `~user/x` → that user's home; other paths unchanged (as git's
  /// `expand_user_path`).
  private static func expandingUser(_ path: String, key: String) throws(GitError) -> String {
    guard path.hasPrefix("~") else {
      return path
    }
    let afterTilde = path.dropFirst()
    let user = afterTilde.prefix { $0 != "/" }
    let rest = afterTilde.dropFirst(user.count)
    let home: String?
    if user.isEmpty {
      if let variable = getenv("HOME") {
        home = String(cString: variable)
      } else {
        home = getpwuid(getuid()).flatMap { $0.pointee.pw_dir }.map { String(cString: $0) }
      }
    } else {
      home = getpwnam(String(user)).flatMap { $0.pointee.pw_dir }.map { String(cString: $0) }
    }
    guard let home, !home.isEmpty else {
      throw GitError(
        kind: .invalidConfiguration, path: key,
        message: "cannot expand \(path): no home directory for \(user.isEmpty ? "the current user" : String(user))")
    }
    return home.withoutTrailingSlash + rest
  }

  /// Drops empty and `.` components and any trailing slash; `..` stays, since resolving it
  /// lexically would be wrong after a symlink.
  private static func removingDotComponents(_ path: String) -> String {
    let components = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    return "/" + components.joined(separator: "/")
  }
}
