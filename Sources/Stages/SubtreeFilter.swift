import Pipeline

/// Keeps one directory of the tree (and the directories leading to it) and nothing else:
/// the wheels directory as a tree input rooted at the plugin, so a missing directory is an
/// empty tree rather than an error, and creating it later changes the key.
public struct SubtreeFilter: TreeFilter {
  /// Relative to the tree root, without a trailing slash.
  public let directory: String

  public init(directory: String) {
    self.directory = directory
  }

  public func entering(directory: String, absolutePath: String, names: [String]) -> any TreeFilter {
    self
  }

  public func excludes(_ path: String, isDirectory: Bool) -> Bool {
    if path == directory || path.hasPrefix(directory + "/") { return false }
    return !(isDirectory && directory.hasPrefix(path + "/"))
  }
}
