import CLibYAML

/// Builds `YAMLNode` trees from libyaml events, one event at a time.
///
/// Collections under construction live on an explicit stack (no recursion),
/// anchors are tracked per document, and nodes copied through aliases are
/// counted against `YAMLParser.Limits`.
struct YAMLEventLoader {
  private struct Frame {
    let isMapping: Bool
    let isFlow: Bool
    let start: SourcePosition
    let tag: String?
    let anchor: String?
    /// Children in order; for a mapping, keys and values alternate.
    var items: [YAMLNode] = []
    /// Nodes in this subtree with aliases expanded, including itself;
    /// an alias to this node later costs this many nodes.
    var size = 1
  }

  private enum Anchor {
    /// Anchor seen on a collection that is still open; an alias to it
    /// would be recursive.
    case open(SourcePosition)
    case complete(YAMLNode, size: Int)
  }

  var offsets: UTF8OffsetMap
  private(set) var documents: [YAMLNode] = []
  private let limits: YAMLParser.Limits
  private let singleDocument: Bool
  private var stack: [Frame] = []
  private var anchors: [String: Anchor] = [:]
  private var root: YAMLNode?
  private var documentStart: SourcePosition?
  private var aliasExpansion = 0

  init(bytes: [UInt8], limits: YAMLParser.Limits, singleDocument: Bool) {
    self.offsets = UTF8OffsetMap(bytes: bytes)
    self.limits = limits
    self.singleDocument = singleDocument
  }

  private var bytes: [UInt8] { offsets.bytes }

  mutating func handle(_ event: yaml_event_t) throws(YAMLError) {
    switch event.type {
    case YAML_DOCUMENT_START_EVENT:
      let start = position(event.start_mark)
      if singleDocument, !documents.isEmpty {
        throw YAMLError(
          message: "expected a single document in the stream, but found another document",
          position: start,
          context: "the first document starts",
          contextPosition: documentStart
        )
      }
      documentStart = start
      anchors = [:]
    case YAML_DOCUMENT_END_EVENT:
      if let root { documents.append(root) }
      root = nil
    case YAML_SCALAR_EVENT:
      try scalar(event)
    case YAML_ALIAS_EVENT:
      try alias(event)
    case YAML_SEQUENCE_START_EVENT:
      let data = event.data.sequence_start
      try open(
        event, isMapping: false, isFlow: data.style == YAML_FLOW_SEQUENCE_STYLE,
        tag: Self.string(data.tag), anchor: Self.string(data.anchor)
      )
    case YAML_MAPPING_START_EVENT:
      let data = event.data.mapping_start
      try open(
        event, isMapping: true, isFlow: data.style == YAML_FLOW_MAPPING_STYLE,
        tag: Self.string(data.tag), anchor: Self.string(data.anchor)
      )
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      close(event)
    default:
      break
    }
  }

  // MARK: - Events

  private mutating func scalar(_ event: yaml_event_t) throws(YAMLError) {
    let data = event.data.scalar
    let value =
      data.value.map {
        String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
      } ?? ""
    let style = Self.style(data.style)
    let start = position(event.start_mark)
    var end = position(event.end_mark)
    if style == .literal || style == .folded {
      end = blockScalarEnd(start: start, end: end)
    }
    let anchor = Self.string(data.anchor)
    try defineAnchor(anchor, at: start)
    let node = YAMLNode(
      kind: .scalar(YAMLScalar(value: value, style: style)),
      start: start, end: end, tag: Self.string(data.tag), anchor: anchor
    )
    if let anchor { anchors[anchor] = .complete(node, size: 1) }
    attach(node, size: 1)
  }

  private mutating func alias(_ event: yaml_event_t) throws(YAMLError) {
    let name = Self.string(event.data.alias.anchor) ?? ""
    let start = position(event.start_mark)
    let end = position(event.end_mark)
    switch anchors[name] {
    case nil:
      throw YAMLError(message: "found undefined alias '\(name)'", position: start)
    case .open(let definition)?:
      throw YAMLError(
        message: "alias '\(name)' refers to a collection that contains it; recursive aliases are not supported",
        position: start,
        context: "anchor defined",
        contextPosition: definition
      )
    case .complete(let target, let size)?:
      try chargeAlias(size, at: start)
      let node = YAMLNode(kind: target.kind, start: start, end: end, tag: target.tag, alias: name)
      attach(node, size: size)
    }
  }

  private mutating func open(
    _ event: yaml_event_t, isMapping: Bool, isFlow: Bool, tag: String?, anchor: String?
  ) throws(YAMLError) {
    let start = position(event.start_mark)
    if stack.count >= limits.maxDepth {
      throw YAMLError(message: "collections are nested deeper than \(limits.maxDepth) levels", position: start)
    }
    try defineAnchor(anchor, at: start)
    if let anchor { anchors[anchor] = .open(start) }
    stack.append(Frame(isMapping: isMapping, isFlow: isFlow, start: start, tag: tag, anchor: anchor))
  }

  private mutating func close(_ event: yaml_event_t) {
    guard let frame = stack.popLast() else { return }
    let end = collectionEnd(frame, mark: event.end_mark)
    let kind: YAMLNode.Kind
    if frame.isMapping {
      // libyaml always emits keys and values in pairs; `stride` would
      // drop an unpaired key rather than crash if that ever changed.
      let pairs = stride(from: 0, to: frame.items.count - 1, by: 2).map {
        YAMLPair(key: frame.items[$0], value: frame.items[$0 + 1])
      }
      kind = .mapping(pairs)
    } else {
      kind = .sequence(frame.items)
    }
    let node = YAMLNode(kind: kind, start: frame.start, end: end, tag: frame.tag, anchor: frame.anchor)
    if let anchor = frame.anchor { anchors[anchor] = .complete(node, size: frame.size) }
    attach(node, size: frame.size)
  }

  // MARK: - Helpers

  /// PyYAML rejects a second anchor with the same name in one document;
  /// doing the same keeps aliases unambiguous for the reader of the file.
  private func defineAnchor(_ anchor: String?, at start: SourcePosition) throws(YAMLError) {
    guard let anchor, let existing = anchors[anchor] else { return }
    let first: SourcePosition
    switch existing {
    case .open(let position): first = position
    case .complete(let node, _): first = node.start
    }
    throw YAMLError(
      message: "found duplicate anchor '\(anchor)'",
      position: start,
      context: "first occurrence",
      contextPosition: first
    )
  }

  /// Charges the nodes an alias copies against the expansion limit.
  private mutating func chargeAlias(_ added: Int, at position: SourcePosition) throws(YAMLError) {
    let (total, overflow) = aliasExpansion.addingReportingOverflow(added)
    guard !overflow, total <= limits.maxAliasExpansion else {
      throw YAMLError(
        message: "aliases expand to more than \(limits.maxAliasExpansion) nodes (a \"billion laughs\" document?)",
        position: position
      )
    }
    aliasExpansion = total
  }

  private mutating func attach(_ node: YAMLNode, size: Int) {
    guard !stack.isEmpty else {
      root = node
      return
    }
    stack[stack.count - 1].items.append(node)
    stack[stack.count - 1].size += size
  }

  /// Flow collections end after their closing bracket, which is where
  /// libyaml's end mark points. Block collections (and the single-pair
  /// mappings libyaml synthesises for `[a: 1]`) end at their last child,
  /// because libyaml puts their end at the next token, past any trailing
  /// blank lines and comments.
  private mutating func collectionEnd(_ frame: Frame, mark: yaml_mark_t) -> SourcePosition {
    if frame.isFlow {
      let end = position(mark)
      let closing = frame.isMapping ? UInt8(ascii: "}") : UInt8(ascii: "]")
      if end.offset > frame.start.offset, end.offset <= bytes.count, bytes[end.offset - 1] == closing {
        return end
      }
    }
    if let last = frame.items.last { return last.end }
    return position(mark)
  }

  /// libyaml ends a block scalar after the indentation it consumed on the
  /// line that follows it; cut that indentation so the range stops right
  /// after the scalar's last line break and edits keep the next line intact.
  private func blockScalarEnd(start: SourcePosition, end: SourcePosition) -> SourcePosition {
    var cut = end.offset
    while cut > start.offset, bytes[cut - 1] == UInt8(ascii: " ") {
      cut -= 1
    }
    guard cut < end.offset, cut > start.offset,
      bytes[cut - 1] == UInt8(ascii: "\n") || bytes[cut - 1] == UInt8(ascii: "\r")
    else { return end }
    return SourcePosition(line: end.line, column: 1, offset: cut)
  }

  private mutating func position(_ mark: yaml_mark_t) -> SourcePosition {
    YAMLParser.convert(mark, offsets: &offsets)
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    pointer.map { String(cString: $0) }
  }

  private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
    switch style {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
    case YAML_LITERAL_SCALAR_STYLE: .literal
    case YAML_FOLDED_SCALAR_STYLE: .folded
    default: .plain
    }
  }
}
