import Glibc
import Pipeline

/// The pre-commit hook `synapse hooks install` writes: it validates what is staged, then runs
/// the hook that was there before (kept beside it and chained, never overwritten).
public enum GitHooks {
  /// Marks a hook as synapse's, so install is idempotent and uninstall removes only its own.
  public static let marker = "# Installed by `synapse hooks install`"
  /// Where an existing hook is kept while synapse's runs in its place.
  public static let chainedSuffix = ".synapse-chained"

  public enum InstallResult: Sendable, Equatable {
    case installed
    /// An existing hook was kept (renamed) and is run after synapse's.
    case installedChaining(String)
    case alreadyInstalled
  }

  public enum UninstallResult: Sendable, Equatable {
    case removed
    /// The previously chained hook is back in place.
    case restored(String)
    case notInstalled
  }

  /// The hook script. `synapse` is looked up on PATH when the hook runs (so an upgrade is
  /// picked up), falling back to the binary that installed it.
  public static func script(fallback executable: String) -> String {
    """
    #!/bin/sh
    \(marker): validates what is staged before each commit.
    # Remove with `synapse hooks uninstall` (which restores any hook that was here before).
    synapse=$(command -v synapse || echo \(shellQuoted(executable)))
    "$synapse" plugin validate --staged || exit 1
    chained="$0\(chainedSuffix)"
    if [ -x "$chained" ]; then
      exec "$chained" "$@"
    fi

    """
  }

  /// Writes the pre-commit hook into `directory`. An existing foreign hook is kept as
  /// `pre-commit.synapse-chained` and run after synapse's; with `force` it is replaced
  /// instead (and removed).
  public static func install(in directory: String, executable: String, force: Bool) throws -> InstallResult {
    let hook = FilePath.join(directory, "pre-commit")
    let chained = hook + chainedSuffix
    let text = script(fallback: executable)
    try FileSystem.createDirectory(directory)
    var result = InstallResult.installed
    if let existing = try FileSystem.readFileIfPresent(hook) {
      if String(decoding: existing, as: UTF8.self).contains(marker) {
        if existing == Array(text.utf8) { return .alreadyInstalled }
      } else if FileSystem.exists(chained) {
        throw StagesError.stageFailed(
          "\(hook) is not synapse's, and \(chained) already exists; move one of them away first")
      } else if !force {
        guard rename(hook, chained) == 0 else { throw SystemError("keep the existing hook as", chained) }
        result = .installedChaining(chained)
      }
    }
    if FileSystem.exists(chained), case .installed = result { result = .installedChaining(chained) }
    try FileSystem.writeAtomically(Array(text.utf8), to: hook, mode: 0o755)
    return result
  }

  /// Removes synapse's hook and puts a chained one back.
  public static func uninstall(from directory: String) throws -> UninstallResult {
    let hook = FilePath.join(directory, "pre-commit")
    let chained = hook + chainedSuffix
    guard let existing = try FileSystem.readFileIfPresent(hook),
      String(decoding: existing, as: UTF8.self).contains(marker)
    else { return .notInstalled }
    if FileSystem.exists(chained) {
      guard rename(chained, hook) == 0 else { throw SystemError("restore", hook) }
      return .restored(hook)
    }
    guard unlink(hook) == 0 else { throw SystemError("remove", hook) }
    return .removed
  }

  static func shellQuoted(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }
}
