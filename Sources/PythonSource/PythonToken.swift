/// One token of Python source, as Python's `tokenize` module would produce it.
///
/// Tokens carry both a character position (for messages) and a byte range (to slice the
/// original bytes without re-decoding), and `end` is the position just past the token, matching
/// `tokenize`'s exclusive end.
public struct PythonToken: Sendable, Hashable, Codable {
  /// The token categories of `tokenize`, with `error` standing for `ERRORTOKEN`.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    case name
    case number
    case string
    case op
    /// The end of a logical line.
    case newline
    /// A line break that does not end a logical line (blank line, comment line, inside brackets).
    case nl
    case indent
    case dedent
    case comment
    case endMarker
    /// Bytes that start no valid token; a diagnostic says why.
    case error
  }

  public var kind: Kind
  public var start: PythonSourceLocation
  /// The position just past the last character of the token.
  public var end: PythonSourceLocation
  /// The token's bytes in the source (empty for `dedent`, `endMarker` and the implicit final newline).
  public var byteRange: Range<Int>

  public init(kind: Kind, start: PythonSourceLocation, end: PythonSourceLocation, byteRange: Range<Int>) {
    self.kind = kind
    self.start = start
    self.end = end
    self.byteRange = byteRange
  }

  /// The token's text, decoded from `source` (invalid UTF-8 becomes U+FFFD).
  public func text(in source: [UInt8]) -> String {
    String(decoding: source[byteRange], as: UTF8.self)
  }
}
