/// Keeps everything.
public struct IncludeAll: TreeFilter {
  public init() {}

  public func entering(directory: String, absolutePath: String, names: [String]) -> any TreeFilter {
    self
  }

  public func excludes(_ path: String, isDirectory: Bool) -> Bool { false }
}
