import CLibYAML

/// Loads YAML text into position-carrying `YAMLNode` trees using libyaml's
/// event API.
///
/// The event API is used rather than libyaml's document loader so the tree is
/// built once, directly as Swift values, with alias expansion, anchor checks
/// and size limits under this module's control (the loader would first build
/// a second, C-side tree that then has to be walked and freed).
///
/// Input must be UTF-8. A UTF-8 byte order mark is accepted and skipped
/// (offsets still count its three bytes, so they index the array as given).
/// UTF-16 input, which libyaml would otherwise decode, is rejected because its
/// byte offsets could not be used to edit the original file. Invalid UTF-8
/// and control characters are reported by libyaml with their position.
public enum YAMLParser {
  /// Parses a stream that must hold at most one document, like PyYAML's
  /// `safe_load`.
  ///
  /// Returns `nil` when there is no content: empty input, only comments or
  /// whitespace, or a lone `---`. A second document is an error, reported
  /// at its start.
  public static func parse(_ bytes: [UInt8], limits: Limits = .default) throws(YAMLError) -> YAMLNode? {
    let documents = try load(bytes, limits: limits, singleDocument: true)
    guard let root = documents.first, !root.isEmptyDocumentRoot else { return nil }
    return root
  }

  /// Parses every document of a stream, like PyYAML's `safe_load_all`.
  ///
  /// An empty document (e.g. a bare `---`) is returned as an empty plain
  /// scalar, whose `resolved` value is `.null`, so document indexes stay
  /// aligned with the source. Anchors do not carry across documents.
  public static func parseAll(_ bytes: [UInt8], limits: Limits = .default) throws(YAMLError) -> [YAMLNode] {
    try load(bytes, limits: limits, singleDocument: false)
  }

  private static func load(_ bytes: [UInt8], limits: Limits, singleDocument: Bool) throws(YAMLError) -> [YAMLNode] {
    guard bytes.count <= limits.maxBytes else {
      throw YAMLError(
        message: "the file is \(bytes.count) bytes, more than the \(limits.maxBytes) bytes a YAML file may have here",
        position: SourcePosition(line: 1, column: 1, offset: 0))
    }
    if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
      throw YAMLError(
        message: "input is UTF-16 encoded; only UTF-8 is supported",
        position: SourcePosition(line: 1, column: 1, offset: 0)
      )
    }
    let result: Result<[YAMLNode], YAMLError> = bytes.withUnsafeBufferPointer { buffer in
      // libyaml asserts on a null input pointer, which an empty array
      // may have; an empty stream has no documents anyway.
      guard let base = buffer.baseAddress, !buffer.isEmpty else { return .success([]) }
      return Result { () throws(YAMLError) in
        try run(input: base, count: buffer.count, bytes: bytes, limits: limits, singleDocument: singleDocument)
      }
    }
    return try result.get()
  }

  /// Drives libyaml over `input`, which the caller keeps alive for the
  /// whole call (the parser reads it lazily, by pointer).
  private static func run(
    input: UnsafePointer<UInt8>,
    count: Int,
    bytes: [UInt8],
    limits: Limits,
    singleDocument: Bool
  ) throws(YAMLError) -> [YAMLNode] {
    // Heap-allocated because `yaml_parser_set_input_string` stores a
    // pointer to the parser inside itself, so it must not move.
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) != 0 else {
      throw YAMLError(message: "out of memory while initialising the YAML parser", position: nil)
    }
    defer { yaml_parser_delete(parser) }
    yaml_parser_set_input_string(parser, input, count)

    var loader = YAMLEventLoader(bytes: bytes, limits: limits, singleDocument: singleDocument)
    var event = yaml_event_t()
    while true {
      // On failure libyaml leaves the event zeroed, so there is nothing
      // to delete on this path.
      guard yaml_parser_parse(parser, &event) != 0 else {
        throw libyamlError(parser.pointee, offsets: &loader.offsets)
      }
      defer { yaml_event_delete(&event) }
      if event.type == YAML_STREAM_END_EVENT { break }
      try loader.handle(event)
    }
    return loader.documents
  }

  /// Maps libyaml's error fields into a `YAMLError` with 1-based positions.
  private static func libyamlError(_ parser: yaml_parser_t, offsets: inout UTF8OffsetMap) -> YAMLError {
    let problem = parser.problem.map { String(cString: $0) }
    switch parser.error {
    case YAML_MEMORY_ERROR:
      return YAMLError(message: "out of memory while parsing YAML", position: nil)
    case YAML_READER_ERROR:
      // Reader errors carry a raw byte offset and, for encoding
      // problems, the offending byte or code point; there is no mark.
      var message = problem ?? "cannot read the input"
      if parser.problem_value != -1 {
        var hex = String(UInt32(bitPattern: parser.problem_value), radix: 16, uppercase: true)
        if hex.count % 2 == 1 { hex = "0" + hex }
        message += " (0x\(hex))"
      }
      return YAMLError(message: message, position: offsets.position(ofByte: parser.problem_offset))
    default:
      let position = convert(parser.problem_mark, offsets: &offsets)
      let context = parser.context.map { String(cString: $0) }
      return YAMLError(
        message: problem ?? "invalid YAML",
        position: position,
        context: context,
        contextPosition: context == nil ? nil : convert(parser.context_mark, offsets: &offsets)
      )
    }
  }

  static func convert(_ mark: yaml_mark_t, offsets: inout UTF8OffsetMap) -> SourcePosition {
    SourcePosition(
      line: mark.line + 1,
      column: mark.column + 1,
      offset: offsets.byteOffset(ofCharacter: mark.index)
    )
  }
}
