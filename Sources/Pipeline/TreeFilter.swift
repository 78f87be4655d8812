/// Decides which entries of a directory tree belong to a tree input.
///
/// The engine walks the tree; the filter knows the rules (ignore files, defaults). It is
/// handed each directory's entry names before the walker looks at them, so per-directory
/// rule files can be read, and it returns the filter that applies below that directory.
public protocol TreeFilter: Sendable {
  /// The filter for the entries of `directory` ("" for the tree root), given their names.
  /// - Parameters:
  ///   - directory: Path of the directory relative to the tree root.
  ///   - absolutePath: Where it is on disk, for reading rule files.
  ///   - names: The directory's entry names.
  func entering(directory: String, absolutePath: String, names: [String]) throws -> any TreeFilter

  /// Whether `path` (relative to the tree root) is left out of the tree.
  func excludes(_ path: String, isDirectory: Bool) -> Bool
}
