/// The tokenizer's state machine: one forward pass over the bytes.
///
/// Lines are not split up front; the scanner walks the bytes and keeps the current line's start
/// so positions can be computed incrementally (columns count UTF-8 lead bytes, which keeps the
/// whole pass linear even for very long lines).
struct PythonTokenScanner {
  let source: [UInt8]
  var tokens: [PythonToken] = []
  var diagnostics: [PythonDiagnostic] = []

  var position = 0
  var line = 1
  var lineStart = 0
  private var cursorByte = 0
  private var cursorColumn = 0

  /// Open brackets with their positions, innermost last.
  var brackets: [(byte: UInt8, location: PythonSourceLocation)] = []
  var reportedDepth = false
  var indents: [Int] = [0]
  /// Indentation measured with tabs as one column, to detect tab/space mixes as CPython does.
  var alternateIndents: [Int] = [0]
  var reportedIndentation = false
  var continued = false

  init(source: [UInt8]) {
    self.source = source
  }

  // MARK: - Positions

  /// The 0-based character column of `byte`, which must be on the current line and not before
  /// the previous query on that line.
  mutating func columnOffset(of byte: Int) -> Int {
    if byte < cursorByte || cursorByte < lineStart {
      cursorByte = lineStart
      cursorColumn = 0
    }
    while cursorByte < byte {
      if source[cursorByte] & 0xC0 != 0x80 { cursorColumn += 1 }
      cursorByte += 1
    }
    return cursorColumn
  }

  mutating func location(of byte: Int) -> PythonSourceLocation {
    PythonSourceLocation(line: line, column: columnOffset(of: byte) + 1)
  }

  /// Moves to a new physical line starting at `byte`.
  mutating func startLine(at byte: Int) {
    line += 1
    lineStart = byte
    cursorByte = byte
    cursorColumn = 0
  }

  /// Length of the line break at `index` (`\n`, `\r\n` or a lone `\r`), or 0.
  func newlineLength(at index: Int) -> Int {
    guard index < source.count else { return 0 }
    switch source[index] {
    case 0x0A: return 1
    case 0x0D: return index + 1 < source.count && source[index + 1] == 0x0A ? 2 : 1
    default: return 0
    }
  }

  mutating func emit(_ kind: PythonToken.Kind, from start: PythonSourceLocation, bytes: Range<Int>) {
    let end = location(of: bytes.upperBound)
    tokens.append(PythonToken(kind: kind, start: start, end: end, byteRange: bytes))
  }

  mutating func emit(_ kind: PythonToken.Kind, bytes: Range<Int>) {
    let start = location(of: bytes.lowerBound)
    emit(kind, from: start, bytes: bytes)
  }

  mutating func report(_ message: String, at location: PythonSourceLocation) {
    diagnostics.append(PythonDiagnostic(.error, message, at: location))
  }

  // MARK: - Driver

  mutating func run() {
    reportInvalidUTF8()
    if source.count >= 3 && source[0] == 0xEF && source[1] == 0xBB && source[2] == 0xBF {
      position = 3
      lineStart = 3
      cursorByte = 3
    }
    let contentStart = position
    var stoppedOnBlankTail = false

    lineLoop: while position < source.count {
      if brackets.isEmpty && !continued {
        switch beginStatementLine() {
        case .endOfInput:
          stoppedOnBlankTail = true
          break lineLoop
        case .blankLine:
          continue lineLoop
        case .statement:
          break
        }
      } else {
        continued = false
      }
      tokenLoop: while true {
        skipWhitespace()
        guard position < source.count else { break lineLoop }
        switch scanToken() {
        case .sameLine: continue tokenLoop
        case .nextLine: continue lineLoop
        }
      }
    }
    finish(contentStart: contentStart, stoppedOnBlankTail: stoppedOnBlankTail)
  }

  private enum LineStart { case endOfInput, blankLine, statement }

  /// Measures indentation at the start of a statement line and emits INDENT/DEDENT, or handles
  /// a blank or comment-only line (COMMENT + NL, no indentation change).
  private mutating func beginStatementLine() -> LineStart {
    var column = 0
    var alternate = 0
    var index = position
    scan: while index < source.count {
      switch source[index] {
      case 0x20: column += 1; alternate += 1
      case 0x09: column = (column / 8 + 1) * 8; alternate += 1
      case 0x0C: column = 0; alternate = 0
      default: break scan
      }
      index += 1
    }
    if index >= source.count {
      position = index
      return .endOfInput
    }
    let byte = source[index]
    if byte == 0x23 || byte == 0x0A || byte == 0x0D {
      var cursor = index
      if byte == 0x23 {
        while cursor < source.count && source[cursor] != 0x0A && source[cursor] != 0x0D { cursor += 1 }
        emit(.comment, bytes: index..<cursor)
      }
      let length = newlineLength(at: cursor)
      emit(.nl, bytes: cursor..<(cursor + length))
      position = cursor + length
      if length > 0 { startLine(at: position) }
      return .blankLine
    }
    applyIndentation(column: column, alternate: alternate, at: index)
    position = index
    return .statement
  }

  private mutating func applyIndentation(column: Int, alternate: Int, at index: Int) {
    let here = location(of: index)
    if column > indents[indents.count - 1] {
      if alternate <= alternateIndents[alternateIndents.count - 1] { reportTabMix(at: here) }
      indents.append(column)
      alternateIndents.append(alternate)
      if indents.count > 101 && !reportedIndentation {
        reportedIndentation = true
        report("too many levels of indentation", at: here)
      }
      let start = PythonSourceLocation(line: line, column: 1)
      tokens.append(PythonToken(kind: .indent, start: start, end: here, byteRange: lineStart..<index))
      return
    }
    if column < indents[indents.count - 1] && !isIndentLevel(column) {
      report("unindent does not match any outer indentation level", at: here)
    }
    while column < indents[indents.count - 1] {
      indents.removeLast()
      alternateIndents.removeLast()
      tokens.append(PythonToken(kind: .dedent, start: here, end: here, byteRange: index..<index))
    }
    if column == indents[indents.count - 1] && alternate != alternateIndents[alternateIndents.count - 1] {
      reportTabMix(at: here)
    }
  }

  /// Binary search: indentation levels are strictly increasing.
  private func isIndentLevel(_ column: Int) -> Bool {
    var low = 0
    var high = indents.count - 1
    while low <= high {
      let middle = (low + high) / 2
      if indents[middle] == column { return true }
      if indents[middle] < column { low = middle + 1 } else { high = middle - 1 }
    }
    return false
  }

  private mutating func reportTabMix(at location: PythonSourceLocation) {
    report("inconsistent use of tabs and spaces in indentation", at: location)
  }

  private mutating func skipWhitespace() {
    while position < source.count {
      let byte = source[position]
      guard byte == 0x20 || byte == 0x09 || byte == 0x0C else { return }
      position += 1
    }
  }

  enum Continuation { case sameLine, nextLine }

  /// Scans one token at `position` (not whitespace, not end of input).
  private mutating func scanToken() -> Continuation {
    let start = position
    let byte = source[start]
    switch byte {
    case 0x0A, 0x0D:
      let length = newlineLength(at: start)
      emit(brackets.isEmpty ? .newline : .nl, bytes: start..<(start + length))
      position = start + length
      startLine(at: position)
      return .nextLine
    case 0x23:
      var cursor = start
      while cursor < source.count && source[cursor] != 0x0A && source[cursor] != 0x0D { cursor += 1 }
      emit(.comment, bytes: start..<cursor)
      position = cursor
      return .sameLine
    case 0x5C:
      let length = newlineLength(at: start + 1)
      if length > 0 {
        continued = true
        position = start + 1 + length
        startLine(at: position)
        return .nextLine
      }
      let here = location(of: start)
      report(
        start + 1 >= source.count
          ? "unexpected end of file after line continuation character"
          : "unexpected character after line continuation character", at: here)
      emit(.error, from: here, bytes: start..<(start + 1))
      position = start + 1
      return .sameLine
    case 0x22, 0x27:
      scanString(tokenStart: start, quote: start)
      return .sameLine
    default:
      break
    }
    if PythonCharacters.isDigit(byte)
      || (byte == 0x2E && start + 1 < source.count && PythonCharacters.isDigit(source[start + 1]))
    {
      let end = scanNumber(at: start)
      emit(.number, bytes: start..<end)
      position = end
      return .sameLine
    }
    if PythonCharacters.isASCIIIdentifierStart(byte) || byte >= 0x80 {
      if scanNameOrPrefixedString(at: start) { return .sameLine }
    }
    if let length = operatorLength(at: start) {
      emitOperator(at: start, length: length)
      position = start + length
      return .sameLine
    }
    let length = PythonCharacters.decodeScalar(source, at: start)?.length ?? 1
    let here = location(of: start)
    if byte < 0x80 || length > 1 {
      let shown = String(decoding: source[start..<(start + length)], as: UTF8.self)
      report("invalid character '\(shown)'", at: here)
    }
    emit(.error, from: here, bytes: start..<(start + length))
    position = start + length
    return .sameLine
  }

  /// Scans a NAME, or a string when the name is a string prefix directly followed by a quote.
  /// Returns false when the bytes at `start` begin no identifier.
  private mutating func scanNameOrPrefixedString(at start: Int) -> Bool {
    var cursor = start
    var first = true
    while cursor < source.count {
      let byte = source[cursor]
      if byte < 0x80 {
        let accepted =
          first ? PythonCharacters.isASCIIIdentifierStart(byte) : PythonCharacters.isASCIIIdentifierContinue(byte)
        guard accepted else { break }
        cursor += 1
      } else {
        guard let (scalar, length) = PythonCharacters.decodeScalar(source, at: cursor) else { break }
        let accepted =
          first ? PythonCharacters.isIdentifierStart(scalar) : PythonCharacters.isIdentifierContinue(scalar)
        guard accepted else { break }
        cursor += length
      }
      first = false
    }
    guard cursor > start else { return false }
    if cursor < source.count, source[cursor] == 0x22 || source[cursor] == 0x27,
      PythonStringPrefix(source[start..<cursor]) != nil
    {
      scanString(tokenStart: start, quote: cursor)
      return true
    }
    emit(.name, bytes: start..<cursor)
    position = cursor
    return true
  }

  // MARK: - End of input

  private mutating func finish(contentStart: Int, stoppedOnBlankTail: Bool) {
    if let outer = brackets.first {
      report("'\(Character(Unicode.Scalar(outer.byte)))' was never closed", at: outer.location)
    } else if continued {
      report("unexpected end of file after line continuation character", at: location(of: source.count))
    }
    var endLine = line
    let endsWithBreak =
      source.count > contentStart && (source[source.count - 1] == 0x0A || source[source.count - 1] == 0x0D)
    if source.count > contentStart && !endsWithBreak && !stoppedOnBlankTail {
      endLine = line + 1
      if brackets.isEmpty && !continued && !lastLineIsComment() {
        let here = location(of: source.count)
        let after = PythonSourceLocation(line: here.line, column: here.column + 1)
        tokens.append(PythonToken(kind: .newline, start: here, end: after, byteRange: source.count..<source.count))
      }
    }
    let eof = PythonSourceLocation(line: endLine, column: 1)
    for _ in indents.dropFirst() {
      tokens.append(PythonToken(kind: .dedent, start: eof, end: eof, byteRange: source.count..<source.count))
    }
    tokens.append(PythonToken(kind: .endMarker, start: eof, end: eof, byteRange: source.count..<source.count))
  }

  /// Whether the last physical line, stripped, starts with `#` (`tokenize` then adds no NEWLINE,
  /// even when that line closes a multi-line string).
  private func lastLineIsComment() -> Bool {
    var index = lineStart
    while index < source.count {
      switch source[index] {
      case 0x20, 0x09, 0x0B, 0x0C, 0x1C...0x1F: index += 1
      case 0x23: return true
      default: return false
      }
    }
    return false
  }

  // MARK: - UTF-8 validation

  /// Reports the first invalid UTF-8 sequence (Python refuses such files outright).
  private mutating func reportInvalidUTF8() {
    var index = 0
    var lineNumber = 1
    var column = 1
    while index < source.count {
      let byte = source[index]
      if byte < 0x80 {
        if byte == 0x0A || (byte == 0x0D && !(index + 1 < source.count && source[index + 1] == 0x0A)) {
          lineNumber += 1
          column = 1
        } else if byte != 0x0D {
          column += 1
        }
        index += 1
        continue
      }
      guard let (_, length) = PythonCharacters.decodeScalar(source, at: index) else {
        let hex = String(byte, radix: 16, uppercase: true)
        diagnostics.append(
          PythonDiagnostic(
            .error, "invalid UTF-8 byte 0x\(hex.count == 1 ? "0" + hex : hex)",
            at: PythonSourceLocation(line: lineNumber, column: column)))
        return
      }
      index += length
      column += 1
    }
  }
}
