/// Computes and applies surgical edits to a YAML document: each edit touches only the bytes
/// of the node it changes (or inserts after the last line of a mapping), so comments, blank
/// lines, key order, quoting and indentation elsewhere stay exactly as the author wrote them.
///
/// libyaml reports no comments, but it reports where every node starts and ends; editing
/// within those ranges is what keeps everything else intact.
public struct YAMLEditor {
  public let source: [UInt8]

  public init(source: [UInt8]) {
    self.source = source
  }

  /// Replaces a scalar's value, keeping its quoting style (plain stays plain where the new
  /// value reads back unchanged; otherwise it is quoted).
  public func replaceScalar(_ node: YAMLNode, with value: String) -> YAMLEdit {
    let style = node.scalar?.style ?? .plain
    let keep: YAMLScalar.Style = (style == .singleQuoted || style == .doubleQuoted) ? style : .plain
    return YAMLEdit(range: node.byteRange, replacement: YAMLEmitter.scalar(value, style: keep))
  }

  /// Replaces the value of `pair` (a scalar, a flow or a block collection, or nothing).
  public func replaceValue(of pair: YAMLPair, with value: YAMLValue) -> YAMLEdit {
    let node = pair.value
    if case .string(let s) = value, case .scalar = node.kind, !isEmptyPlain(node) {
      return replaceScalar(node, with: s)
    }
    guard value.isNonEmptyCollection else {
      if isEmptyPlain(node) {
        let at = lineEnd(from: pair.key.end.offset)
        return YAMLEdit(range: at..<at, replacement: " " + YAMLEmitter.inline(value))
      }
      return YAMLEdit(range: node.byteRange, replacement: YAMLEmitter.inline(value))
    }
    if isBlockCollection(node) {
      // Starts at the first key or dash: render at that column, minus the indentation the
      // line already has and the final newline the range does not cover.
      let column = node.start.column - 1
      let text = YAMLEmitter.block(value, indent: column)
      return YAMLEdit(range: node.byteRange, replacement: String(text.dropFirst(column).dropLast()))
    }
    // A scalar, flow collection or nothing becomes a block under the key.
    let keyColumn = pair.key.start.column - 1
    let indent: Int
    if case .mapping = value { indent = keyColumn + 2 } else { indent = keyColumn }
    let text = "\n" + String(YAMLEmitter.block(value, indent: indent).dropLast())
    if isEmptyPlain(node) {
      let at = lineEnd(from: pair.key.end.offset)
      return YAMLEdit(range: at..<at, replacement: text)
    }
    var lower = node.start.offset
    while lower > pair.key.end.offset, source[lower - 1] == UInt8(ascii: " ") { lower -= 1 }
    return YAMLEdit(range: lower..<node.end.offset, replacement: text)
  }

  /// Adds `pairs` at the end of the mapping that is `pair`'s value. A block mapping gets new
  /// lines after its last line, indented like its keys; an empty flow mapping (`{}`) or an
  /// empty value becomes a block under the key; a non-empty flow mapping is rewritten as a
  /// block.
  public func appendPairs(_ pairs: [(key: String, value: YAMLValue)], to pair: YAMLPair) -> YAMLEdit {
    let mapping = pair.value
    if case .mapping(let existing) = mapping.kind, !existing.isEmpty {
      if isBlockCollection(mapping) { return appendPairs(pairs, toBlockMapping: mapping) }
      let merged = existing.map { (key: $0.key.scalar?.value ?? "", value: $0.value.value) } + pairs
      return replaceValue(of: pair, with: .mapping(merged))
    }
    return replaceValue(of: pair, with: .mapping(pairs))
  }

  /// Adds `pairs` after the last line of a non-empty block mapping (e.g. the document root).
  public func appendPairs(_ pairs: [(key: String, value: YAMLValue)], toBlockMapping mapping: YAMLNode) -> YAMLEdit {
    let text = YAMLEmitter.block(.mapping(pairs), indent: mapping.start.column - 1)
    let end = mapping.end.offset
    if end > 0, source[end - 1] == UInt8(ascii: "\n") {
      return YAMLEdit(range: end..<end, replacement: text)
    }
    var newline = lineEnd(from: end)
    if newline < source.count, source[newline] == UInt8(ascii: "\r") { newline += 1 }
    if newline < source.count {
      return YAMLEdit(range: (newline + 1)..<(newline + 1), replacement: text)
    }
    return YAMLEdit(range: source.count..<source.count, replacement: "\n" + text)
  }

  /// Applies non-overlapping edits and returns the new text.
  /// - Throws: ``YAMLError`` if two edits overlap (a caller bug, never a partial result).
  public func apply(_ edits: [YAMLEdit]) throws(YAMLError) -> [UInt8] {
    let sorted = edits.sorted {
      ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
    }
    var out: [UInt8] = []
    out.reserveCapacity(source.count + sorted.reduce(0) { $0 + $1.replacement.utf8.count })
    var cursor = 0
    let crlf = usesCRLF
    for edit in sorted {
      guard edit.range.lowerBound >= cursor, edit.range.upperBound <= source.count else {
        throw YAMLError(message: "internal error: overlapping edits at byte \(edit.range.lowerBound)", position: nil)
      }
      out += source[cursor..<edit.range.lowerBound]
      for byte in edit.replacement.utf8 {
        if crlf, byte == UInt8(ascii: "\n"), out.last != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
        out.append(byte)
      }
      cursor = edit.range.upperBound
    }
    out += source[cursor...]
    return out
  }

  /// Offset of the line break ending the line that contains `offset` (or the end of the
  /// text): the `\r` of a `\r\n`, so text inserted there stays on the line.
  func lineEnd(from offset: Int) -> Int {
    let start = min(offset, source.count)
    var i = start
    while i < source.count, source[i] != UInt8(ascii: "\n") { i += 1 }
    if i > start, i < source.count, source[i - 1] == UInt8(ascii: "\r") { return i - 1 }
    return i
  }

  /// Whether the document's lines end in `\r\n` (judged by its first line break), so edits
  /// write the same line endings as the rest of the file.
  var usesCRLF: Bool {
    guard let newline = source.firstIndex(of: UInt8(ascii: "\n")) else { return false }
    return newline > 0 && source[newline - 1] == UInt8(ascii: "\r")
  }

  /// A key with no value (`train:`), which occupies no bytes.
  func isEmptyPlain(_ node: YAMLNode) -> Bool {
    if case .scalar(let s) = node.kind, s.style == .plain, s.value.isEmpty { return true }
    return false
  }

  func isBlockCollection(_ node: YAMLNode) -> Bool {
    switch node.kind {
    case .scalar: return false
    case .mapping(let items): if items.isEmpty { return false }
    case .sequence(let items): if items.isEmpty { return false }
    }
    guard node.start.offset < source.count else { return false }
    let c = source[node.start.offset]
    return c != UInt8(ascii: "[") && c != UInt8(ascii: "{")
  }
}

extension YAMLValue {
  var isNonEmptyCollection: Bool {
    switch self {
    case .mapping(let p): return !p.isEmpty
    case .sequence(let s): return !s.isEmpty
    default: return false
    }
  }
}
