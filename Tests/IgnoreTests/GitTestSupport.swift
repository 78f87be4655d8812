import Foundation
import TestSupport
import Ignore

/// Runs the real git against scratch repositories, isolated from the developer's configuration.
enum Git {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Runs `git arguments` in `directory`. HOME, XDG_CONFIG_HOME and every `GIT_*` variable are
  /// replaced so that no global or system configuration (or an enclosing hook's GIT_DIR) leaks in.
  @discardableResult
  static func run(
    _ arguments: [String], in directory: URL, home: URL, input: String? = nil,
    allowedExitCodes: Set<Int32> = [0]
  ) throws -> String {
    let r = ProcessRunner.run(
      "git", arguments, cwd: directory.path,
      environment: [
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": home.path,
        "XDG_CONFIG_HOME": home.appendingPathComponent("xdg").path, "LC_ALL": "C",
      ],
      unsetting: ["GIT_"], stdin: input)
    guard allowedExitCodes.contains(r.status) else {
      throw Failure(description: "git \(arguments.joined(separator: " ")) exited \(r.status): " + r.stderr)
    }
    return r.stdout
  }

  /// Asks `git check-ignore --no-index -v -n -z` about `paths` (relative to `repo`) and returns,
  /// in order, the rule git reports for each one (nil when no rule matched). For a path inside an
  /// excluded directory git reports the rule that excluded the directory.
  static func checkIgnore(
    _ paths: [String], in repo: URL, home: URL, extraConfig: [String] = []
  ) throws -> [IgnoreMatch?] {
    let input = paths.map { $0 + "\0" }.joined()
    let output = try run(
      extraConfig.flatMap { ["-c", $0] } + ["check-ignore", "--no-index", "-v", "-n", "-z", "--stdin"],
      in: repo, home: home, input: input, allowedExitCodes: [0, 1])
    // Records are four NUL-terminated fields: source, line, pattern, path.
    var fields = output.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
    if fields.last == "" { fields.removeLast() }
    guard fields.count == paths.count * 4 else {
      throw Failure(description: "unexpected check-ignore output: \(output.debugDescription)")
    }
    return try paths.indices.map { index in
      let (source, line, pattern, path) = (
        fields[index * 4], fields[index * 4 + 1], fields[index * 4 + 2], fields[index * 4 + 3]
      )
      guard path == paths[index] else {
        throw Failure(description: "check-ignore answered for \(path), expected \(paths[index])")
      }
      if source.isEmpty { return nil }
      return IgnoreMatch(source: source, line: Int(line) ?? -1, pattern: pattern, negated: pattern.hasPrefix("!"))
    }
  }
}

/// A uniquely named directory under the system temporary directory holding a fresh repository.
struct ScratchRepository {
  /// Parent of the repository; used as HOME for git and for files outside the work tree.
  let root: URL
  /// The work tree.
  let repo: URL

  init() throws {
    root = FileManager.default.temporaryDirectory
      .appendingPathComponent("ignore-tests-\(UUID().uuidString)", isDirectory: true)
    repo = root.appendingPathComponent("repo", isDirectory: true)
    try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
    try Git.run(["init", "-q"], in: repo, home: root)
  }

  /// Creates each entry (empty files, or directories) with any missing parents.
  func create(_ entries: [(path: String, isDirectory: Bool)]) throws {
    for entry in entries {
      let url = repo.appendingPathComponent(entry.path)
      if entry.isDirectory {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      } else {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) { try Data().write(to: url) }
      }
    }
  }

  func write(_ text: String, to relativePath: String) throws {
    let url = repo.appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func remove() {
    try? FileManager.default.removeItem(at: root)
  }
}
