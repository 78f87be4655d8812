extension YAMLParser {
  /// Bounds on what a document may expand to, so a hostile or broken file
  /// fails with a clear error instead of exhausting memory or the stack.
  public struct Limits: Sendable, Hashable {
    /// Maximum number of nodes that aliases may add to the stream in
    /// total, counting each alias as the full (already expanded) size of
    /// the node it copies. Copies share storage, but any traversal by the
    /// caller pays the expanded size, which is what a "billion laughs"
    /// document exploits. Nodes written out in the text are not counted:
    /// their number is already bounded by the input's length.
    public var maxAliasExpansion: Int
    /// Maximum nesting depth of collections. Deeply nested values would
    /// overflow the stack in any recursive walk (including the
    /// destruction of the tree), so they are rejected up front.
    public var maxDepth: Int
    /// Maximum input size in bytes. Loading and validating cost about a
    /// second per megabyte of keys (a 10 MB file of 655,000 keys took 12 s
    /// and 700 MB), while real plugin configs are a few kilobytes; a larger
    /// file is refused up front with its size.
    public var maxBytes: Int

    public init(maxAliasExpansion: Int = 1_000_000, maxDepth: Int = 512, maxBytes: Int = 1 << 20) {
      self.maxAliasExpansion = maxAliasExpansion
      self.maxDepth = maxDepth
      self.maxBytes = maxBytes
    }

    /// One million alias-expanded nodes, 512 levels and 1 MiB: far beyond any
    /// configuration file, small enough to stay fast.
    public static let `default` = Limits()
  }
}
