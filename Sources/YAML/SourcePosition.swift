/// A location in the YAML input.
///
/// Two coordinate systems are kept side by side because callers need both:
/// `line` and `column` are what a person finds in an editor (so diagnostics can
/// read `config.yaml:14:13: ...`), while `offset` is what a program needs to
/// slice or splice the original bytes without re-serialising the file.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// 1-based line number. libyaml counts LF, CR, CRLF, NEL, LS and PS as line
  /// breaks (YAML 1.1), so a file using only `\n` matches every editor.
  public let line: Int
  /// 1-based column counted in Unicode scalars (not bytes, not grapheme
  /// clusters), which is how libyaml measures columns.
  public let column: Int
  /// UTF-8 byte offset into the input array that was parsed (a leading
  /// UTF-8 byte order mark counts, so the first character after it is at 3).
  public let offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// Orders by offset; line and column only break ties so that the ordering
  /// stays consistent with `==` even for positions that were built by hand.
  public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
    (lhs.offset, lhs.line, lhs.column) < (rhs.offset, rhs.line, rhs.column)
  }

  /// `line:column`, ready to be prefixed with a file name.
  public var description: String { "\(line):\(column)" }
}
