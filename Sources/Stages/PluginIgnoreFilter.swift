import Ignore
import Pipeline

/// The plugin's file set: built-in excludes, then `.gitignore` and `.synapseignore` in every
/// directory, with git's semantics (negation, anchoring, `**`, directory-only patterns).
///
/// Precedence, lowest first: built-in defaults, then for each directory from the root down
/// its `.gitignore` and then its `.synapseignore`; the last matching pattern wins. So a
/// `.synapseignore` can re-include (`!pattern`) what `.gitignore` excludes, and a deeper
/// directory's rules override its parents', as git does.
public struct PluginIgnoreFilter: TreeFilter {
  /// Upstream's built-in excludes (upstream-synapse-sdk §8), kept so archives match.
  public static let defaultPatterns = [
    "__pycache__", "*.pyc", "*.pyo", "*.pyd", ".python-version", "*.egg-info", "*.egg",
    ".venv", "venv", ".env", "env", ".git", ".gitignore", ".gitattributes", ".svn", ".hg",
    ".idea", ".vscode", "*.swp", "*.swo", ".DS_Store", "Thumbs.db", "dist", "build",
    "node_modules", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".cache", ".tox",
    ".coverage", "htmlcov", "*.log",
  ]

  /// Files whose rules apply to their directory, in increasing precedence.
  public static let ruleFiles = [".gitignore", ".synapseignore"]

  let matcher: IgnoreMatcher
  /// The rule files this filter reads: ``ruleFiles`` for the archive; `.gitignore` alone
  /// for the plugin's sources as its tests see them (``PytestStage``).
  let ruleFiles: [String]

  public init(ruleFiles: [String] = PluginIgnoreFilter.ruleFiles) {
    matcher = IgnoreMatcher([
      IgnoreRuleSet(patterns: Self.defaultPatterns, base: "", source: "built-in excludes")
    ])
    self.ruleFiles = ruleFiles
  }

  init(matcher: IgnoreMatcher, ruleFiles: [String]) {
    self.matcher = matcher
    self.ruleFiles = ruleFiles
  }

  public func entering(directory: String, absolutePath: String, names: [String]) throws -> any TreeFilter {
    var matcher = self.matcher
    for file in ruleFiles where names.contains(file) {
      let source = directory.isEmpty ? file : directory + "/" + file
      let st = try FileSystem.stat(absolutePath + "/" + file)
      guard st.kind == .regular else { continue }
      let bytes = try FileSystem.readFile(absolutePath + "/" + file)
      matcher = matcher.appending(
        IgnoreRuleSet(text: String(decoding: bytes, as: UTF8.self), base: directory, source: source))
    }
    return PluginIgnoreFilter(matcher: matcher, ruleFiles: ruleFiles)
  }

  public func excludes(_ path: String, isDirectory: Bool) -> Bool {
    // Upstream deletes this leftover before it zips; no rule re-includes it.
    if !isDirectory, path == PluginValidator.legacyEntrypointFile { return true }
    return matcher.isIgnored(path, isDirectory: isDirectory)
  }
}
