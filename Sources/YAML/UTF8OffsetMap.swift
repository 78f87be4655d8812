/// Translates libyaml's character-based marks into UTF-8 byte offsets.
///
/// libyaml's `yaml_mark_t.index` counts Unicode scalars (a CRLF counts as
/// two), not bytes, and it does not count a leading UTF-8 byte order mark,
/// which its reader swallows before scanning starts. Byte offsets are what
/// surgical edits need, so every mark is converted here.
///
/// Marks arrive almost in input order, so the map keeps a cursor and walks
/// from the previous answer instead of rescanning from the start: converting
/// all marks of a document costs O(input size) overall. Walking backwards is
/// supported for the rare out-of-order mark (and for error marks).
struct UTF8OffsetMap {
  let bytes: [UInt8]
  /// Byte offset of character index 0: 3 after a UTF-8 BOM, otherwise 0.
  let origin: Int
  private var cursorCharacter = 0
  private var cursorByte: Int

  init(bytes: [UInt8]) {
    self.bytes = bytes
    self.origin = bytes.starts(with: UTF8OffsetMap.byteOrderMark) ? 3 : 0
    self.cursorByte = origin
  }

  static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// The byte offset of the character with the given libyaml index, clamped
  /// to the input's bounds.
  mutating func byteOffset(ofCharacter index: Int) -> Int {
    while cursorCharacter < index, cursorByte < bytes.count {
      cursorByte += 1
      while cursorByte < bytes.count, Self.isContinuation(bytes[cursorByte]) {
        cursorByte += 1
      }
      cursorCharacter += 1
    }
    while cursorCharacter > index, cursorByte > origin {
      cursorByte -= 1
      while cursorByte > origin, Self.isContinuation(bytes[cursorByte]) {
        cursorByte -= 1
      }
      cursorCharacter -= 1
    }
    return cursorByte
  }

  /// The line and column of a raw byte offset, counted the way libyaml
  /// counts them. Used for reader errors (invalid UTF-8, control
  /// characters), which libyaml reports as a byte offset without a mark.
  /// Scans from the start, which is fine because it runs once per failure.
  func position(ofByte offset: Int) -> SourcePosition {
    let target = min(max(offset, origin), bytes.count)
    var line = 1
    var column = 1
    var index = origin
    while index < target {
      let byte = bytes[index]
      let breakLength = Self.lineBreakLength(at: index, in: bytes)
      if breakLength > 0 {
        line += 1
        column = 1
        index += breakLength
        continue
      }
      index += 1
      while index < bytes.count, Self.isContinuation(bytes[index]), byte >= 0xC0 {
        index += 1
      }
      column += 1
    }
    return SourcePosition(line: line, column: column, offset: offset)
  }

  /// Length in bytes of the line break starting at `index`, or 0. Matches
  /// libyaml's `IS_BREAK`: CR, LF, CRLF, NEL (U+0085), LS (U+2028) and
  /// PS (U+2029).
  private static func lineBreakLength(at index: Int, in bytes: [UInt8]) -> Int {
    func byte(_ i: Int) -> UInt8? { i < bytes.count ? bytes[i] : nil }
    switch bytes[index] {
    case 0x0A:
      return 1
    case 0x0D:
      return byte(index + 1) == 0x0A ? 2 : 1
    case 0xC2:
      return byte(index + 1) == 0x85 ? 2 : 0
    case 0xE2:
      if byte(index + 1) == 0x80, let third = byte(index + 2), third == 0xA8 || third == 0xA9 {
        return 3
      }
      return 0
    default:
      return 0
    }
  }

  private static func isContinuation(_ byte: UInt8) -> Bool {
    byte & 0xC0 == 0x80
  }
}
