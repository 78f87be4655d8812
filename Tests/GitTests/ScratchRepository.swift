import Foundation
import TestSupport

/// A repository built with the real `git` in a fresh temporary directory, isolated from the
/// developer's configuration (no global or system config, no inherited `GIT_*` variables).
final class ScratchRepository: Sendable {
  let directory: TemporaryDirectory
  /// The working directory (or, for a bare repository, the git directory).
  var path: String { directory.path }

  init(bare: Bool = false, label: String = "synapse-git") throws {
    directory = TemporaryDirectory(label)
    try git(["init", "-q"] + (bare ? ["--bare"] : []))
  }

  /// Runs `git arguments` in the repository (or `cwd`) and returns its standard output.
  @discardableResult
  func git(_ arguments: [String], cwd: String? = nil) throws -> String {
    try ScratchRepository.git(arguments, cwd: cwd ?? path)
  }

  @discardableResult
  static func git(_ arguments: [String], cwd: String) throws -> String {
    let fixed = [
      "-c", "user.name=Synapse Test", "-c", "user.email=synapse@example.com",
      "-c", "init.defaultBranch=main", "-c", "core.quotepath=false", "-c", "commit.gpgSign=false",
    ]
    return try ProcessRunner.output(
      "git", fixed + arguments, cwd: cwd,
      environment: ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"],
      unsetting: ["GIT_"])
  }

  /// `git rev-parse <revision>`, trimmed.
  func revParse(_ revision: String) throws -> String {
    try git(["rev-parse", revision]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @discardableResult
  func write(_ relative: String, _ text: String, executable: Bool = false) -> String {
    directory.write(relative, text, executable: executable)
  }

  func commit(_ message: String = "commit") throws {
    try git(["commit", "-q", "-m", message])
  }
}
