extension PythonTokenScanner {
  /// Scans a string literal whose prefix starts at `tokenStart` and whose opening quote is at
  /// `quote`. Backslashes always escape the next character for the purpose of finding the end
  /// (true of raw strings too), and f-strings are kept as one opaque token like `tokenize` 3.11.
  mutating func scanString(tokenStart: Int, quote: Int) {
    let startLocation = location(of: tokenStart)
    let quoteByte = source[quote]
    let isTriple = quote + 2 < source.count && source[quote + 1] == quoteByte && source[quote + 2] == quoteByte
    var cursor = quote + (isTriple ? 3 : 1)
    while cursor < source.count {
      let byte = source[cursor]
      if byte == 0x5C {
        cursor += 1
        let length = newlineLength(at: cursor)
        if length > 0 {
          cursor += length
          startLine(at: cursor)
        } else if cursor < source.count {
          cursor += 1
        }
        continue
      }
      if byte == quoteByte {
        if !isTriple {
          emit(.string, from: startLocation, bytes: tokenStart..<(cursor + 1))
          position = cursor + 1
          return
        }
        if cursor + 2 < source.count && source[cursor + 1] == quoteByte && source[cursor + 2] == quoteByte {
          emit(.string, from: startLocation, bytes: tokenStart..<(cursor + 3))
          position = cursor + 3
          return
        }
        cursor += 1
        continue
      }
      if byte == 0x0A || byte == 0x0D {
        if !isTriple {
          report("unterminated string literal", at: startLocation)
          emit(.error, from: startLocation, bytes: tokenStart..<cursor)
          position = cursor
          return
        }
        cursor += newlineLength(at: cursor)
        startLine(at: cursor)
        continue
      }
      cursor += 1
    }
    report(isTriple ? "unterminated triple-quoted string literal" : "unterminated string literal", at: startLocation)
    emit(.error, from: startLocation, bytes: tokenStart..<source.count)
    position = source.count
  }
}
