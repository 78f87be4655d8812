/// One change to a YAML document's text: replace `range` (UTF-8 byte offsets) with
/// `replacement`. An empty range inserts.
public struct YAMLEdit: Sendable, Equatable {
  public let range: Range<Int>
  public let replacement: String

  public init(range: Range<Int>, replacement: String) {
    self.range = range
    self.replacement = replacement
  }
}
