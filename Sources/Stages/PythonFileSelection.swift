/// Which files discovery reads: the plugin's `.py` files after the ignore rules (the files
/// stage's manifest), minus virtual environments, build output and tests.
///
/// Upstream scans every `.py` file it finds, including `.venv/`, and once appended the SDK's
/// own sample actions from a virtual environment to a user's config; these directories can
/// never hold the plugin's actions.
public enum PythonFileSelection {
  static let skippedDirectories: Set<String> = [
    ".venv", "venv", "env", "build", "dist", "tests", "test", "__pycache__", "site-packages", "node_modules",
  ]

  public static func includes(_ path: String) -> Bool {
    guard path.hasSuffix(".py") else { return false }
    let parts = path.split(separator: "/")
    for dir in parts.dropLast() where skippedDirectories.contains(String(dir)) || dir.hasPrefix(".") {
      return false
    }
    let name = parts.last.map(String.init) ?? path
    return !(name.hasPrefix("test_") || name.hasSuffix("_test.py") || name == "conftest.py" || name == "setup.py")
  }

  /// The dotted module name of a file (`plugin/train.py` → `plugin.train`,
  /// `plugin/__init__.py` → `plugin`).
  public static func moduleName(_ path: String) -> String {
    var parts = path.dropLast(3).split(separator: "/").map(String.init)
    if parts.last == "__init__" { parts.removeLast() }
    return parts.joined(separator: ".")
  }
}
