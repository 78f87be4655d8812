import Glibc

/// HEAD's commit and branch read straight from the repository's files, without loading
/// libgit2: `synapse build` names the commit on every run, and loading libgit2 (with its
/// TLS and SSH libraries) would cost every null build about 5 ms.
///
/// Handles a `.git` directory or a `.git` file (worktrees, submodules), a symbolic HEAD
/// resolved through a loose ref or `packed-refs`, a detached HEAD, and an unborn branch.
/// Anything it cannot read is reported as nil, and callers that need more use
/// ``GitRepository``.
public struct GitHeadFile: Sendable, Equatable {
  /// The working tree's root (the directory holding `.git`).
  public let root: String
  public let gitDirectory: String
  /// 40 hex digits; nil for an unborn branch.
  public let commit: String?
  /// The branch HEAD points at; nil when detached.
  public let branch: String?

  /// The repository containing `path`, searching upwards; nil outside any repository.
  public static func read(containing path: String) -> GitHeadFile? {
    var directory = path
    while true {
      let dotGit = directory == "/" ? "/.git" : directory + "/.git"
      if let gitDirectory = gitDirectory(at: dotGit) {
        return read(root: directory, gitDirectory: gitDirectory)
      }
      guard directory != "/", let slash = directory.lastIndex(of: "/") else { return nil }
      directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
    }
  }

  /// `.git` as a directory, or the `gitdir:` a `.git` file names.
  static func gitDirectory(at dotGit: String) -> String? {
    var st = stat()
    guard stat(dotGit, &st) == 0 else { return nil }
    if (st.st_mode & S_IFMT) == S_IFDIR { return dotGit }
    guard let text = readText(dotGit), text.hasPrefix("gitdir: ") else { return nil }
    let target = String(text.dropFirst(8)).trimmingNewlines()
    if target.hasPrefix("/") { return target }
    let parent = String(dotGit.dropLast(5))
    return parent + "/" + target
  }

  static func read(root: String, gitDirectory: String) -> GitHeadFile? {
    guard let head = readText(gitDirectory + "/HEAD")?.trimmingNewlines() else { return nil }
    guard head.hasPrefix("ref: ") else {
      return isObjectID(head) ? GitHeadFile(root: root, gitDirectory: gitDirectory, commit: head, branch: nil) : nil
    }
    let ref = String(head.dropFirst(5))
    let branch = ref.hasPrefix("refs/heads/") ? String(ref.dropFirst(11)) : ref
    // Refs live in the common directory of a linked worktree.
    let common =
      readText(gitDirectory + "/commondir").map { text -> String in
        let path = text.trimmingNewlines()
        return path.hasPrefix("/") ? path : gitDirectory + "/" + path
      } ?? gitDirectory
    var commit =
      readText(gitDirectory + "/" + ref)?.trimmingNewlines() ?? readText(common + "/" + ref)?.trimmingNewlines()
    if commit == nil, let packed = readText(common + "/packed-refs") {
      for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
        commit = String(line.prefix(40))
      }
    }
    if let id = commit, !isObjectID(id) { return nil }
    return GitHeadFile(root: root, gitDirectory: gitDirectory, commit: commit, branch: branch)
  }

  static func isObjectID(_ text: String) -> Bool {
    text.utf8.count == 40 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }

  static func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count <= 0 { break }
      bytes += buffer[0..<count]
      if bytes.count > 1 << 24 { return nil }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

extension String {
  fileprivate func trimmingNewlines() -> String {
    var text = Substring(self)
    while let last = text.last, last == "\n" || last == "\r" || last == " " { text.removeLast() }
    return String(text)
  }
}
