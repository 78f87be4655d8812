/// A node of a YAML document together with where it was written.
///
/// Positions follow libyaml's event marks, converted to byte offsets, so that
/// `bytes[node.start.offset..<node.end.offset]` is the node's source text and
/// can be replaced in place without disturbing comments elsewhere:
/// - Quoted scalars include their quotes; plain scalars end at their last
///   non-space character.
/// - A node's range starts at its anchor or tag when it has one
///   (`&a [1, 2]` starts at `&`).
/// - Block scalars (`|`, `>`) run from the indicator through the final line
///   break of their content, including trailing blank lines that chomping
///   removes; the indentation of the following line is not included.
/// - Flow collections run from the opening to the closing bracket.
/// - Block collections run from their first entry (or their properties) to
///   the end of their last value. libyaml ends them where the next token
///   starts, which would swallow trailing comments, so that end is not used.
/// - A node produced by an alias spans the alias text (`*name`); see `alias`.
public struct YAMLNode: Sendable {
  public enum Kind: Sendable {
    case scalar(YAMLScalar)
    /// Pairs in source order. Duplicate keys are kept, both of them, so
    /// the caller can report them with both positions; YAML forbids them
    /// but libyaml's event API does not check.
    case mapping([YAMLPair])
    case sequence([YAMLNode])
  }

  public let kind: Kind
  public let start: SourcePosition
  public let end: SourcePosition
  /// The resolved tag, e.g. `tag:yaml.org,2002:str` for `!!str`, `!` for the
  /// non-specific tag, `!Ref` for a local tag; `nil` when none was written.
  public let tag: String?
  /// The anchor name (without `&`) defined on this node.
  public let anchor: String?
  /// The anchor name (without `*`) when this node was produced by an alias.
  ///
  /// An alias yields a copy of the anchored node's content and tag, but its
  /// own `start`/`end` cover the `*name` text: errors about the value then
  /// point at the place it is used, and an editor can see that rewriting
  /// this range would not change the anchored definition. Nodes *inside*
  /// the copy keep their positions at the definition. `anchor` is `nil` on
  /// such a copy.
  public let alias: String?

  public init(
    kind: Kind,
    start: SourcePosition,
    end: SourcePosition,
    tag: String? = nil,
    anchor: String? = nil,
    alias: String? = nil
  ) {
    self.kind = kind
    self.start = start
    self.end = end
    self.tag = tag
    self.anchor = anchor
    self.alias = alias
  }

  /// The byte range of the node's source text in the parsed input.
  public var byteRange: Range<Int> { start.offset..<end.offset }

  /// The value of the first pair whose key is a scalar with exactly this
  /// text, or `nil` when this is not a mapping or has no such key.
  ///
  /// The first pair wins so that lookups agree with the position a
  /// duplicate-key diagnostic points at first. Keys match on their source
  /// text whatever their style or YAML 1.1 type, so `["on"]` finds `on:`
  /// even though PyYAML would turn that key into `True`. Merge keys (`<<`)
  /// are not followed.
  public subscript(key: String) -> YAMLNode? {
    pair(forKey: key)?.value
  }

  /// The first pair whose key is a scalar with exactly this text; see
  /// `subscript(key:)`. Useful when the key's position is needed too.
  public func pair(forKey key: String) -> YAMLPair? {
    guard case .mapping(let pairs) = kind else { return nil }
    return pairs.first { $0.key.scalar?.value == key }
  }

  public var scalar: YAMLScalar? {
    if case .scalar(let scalar) = kind { return scalar }
    return nil
  }

  public var mapping: [YAMLPair]? {
    if case .mapping(let pairs) = kind { return pairs }
    return nil
  }

  public var sequence: [YAMLNode]? {
    if case .sequence(let items) = kind { return items }
    return nil
  }

  /// The scalar's typed value, honouring an explicit tag.
  ///
  /// Without a tag this is `scalar.resolved` (YAML 1.1 rules for plain
  /// scalars, strings otherwise). With `!!str` or the non-specific `!` it is
  /// always a string; with `!!null`, `!!bool`, `!!int` or `!!float` the text
  /// is read as that type whatever its quoting. Returns `nil` for
  /// collections, for other tags, and when the text does not fit the tag's
  /// type (`!!int abc`), so a caller can report it rather than guess.
  public var resolved: ResolvedScalar? {
    guard let scalar else { return nil }
    guard let tag else { return scalar.resolved }
    return YAML11Resolver.resolve(scalar.value, tag: tag)
  }

  /// True for the root libyaml produces for a document with no content
  /// (`---` alone): an untagged, unanchored, empty plain scalar.
  var isEmptyDocumentRoot: Bool {
    guard let scalar, tag == nil, anchor == nil, alias == nil else { return false }
    return scalar.style == .plain && scalar.value.isEmpty
  }
}
