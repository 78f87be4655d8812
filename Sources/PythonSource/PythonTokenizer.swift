/// Splits Python 3 source bytes into tokens the way CPython's `tokenize` module does.
///
/// Positions, token kinds and the INDENT/DEDENT/NEWLINE/NL structure follow `tokenize` (3.11,
/// where f-strings are single STRING tokens), so a differential test against Python can check
/// it. Where `tokenize` would raise (unterminated strings, inconsistent dedents, unclosed
/// brackets) or CPython's compiler would reject the text (tab/space mixes, brackets nested more
/// than 200 deep, invalid UTF-8), a diagnostic is reported and tokenizing goes on. The work is
/// linear in the input and nothing recurses, so any input is safe.
public enum PythonTokenizer {
  /// The deepest bracket nesting CPython accepts.
  public static let maximumBracketDepth = 200

  /// Tokenizes UTF-8 source bytes (a leading BOM is skipped).
  ///
  /// - Parameter source: The file's bytes.
  /// - Returns: The tokens, ending with an `endMarker`, and the problems found.
  public static func tokenize(_ source: [UInt8]) -> (tokens: [PythonToken], diagnostics: [PythonDiagnostic]) {
    var scanner = PythonTokenScanner(source: source)
    scanner.run()
    return (scanner.tokens, scanner.diagnostics)
  }
}
