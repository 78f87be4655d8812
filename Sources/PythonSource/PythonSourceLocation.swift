/// A position in Python source: 1-based line and 1-based column counted in Unicode scalars.
///
/// Columns count characters the way Python's own `tokenize` does (code points, a tab is one
/// column), so messages line up with what an editor shows for ordinary text and with CPython's
/// error reports (which are 0-based; add one).
public struct PythonSourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  /// 1-based line number.
  public var line: Int
  /// 1-based column, in Unicode scalars from the start of the line.
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (lhs: PythonSourceLocation, rhs: PythonSourceLocation) -> Bool {
    lhs.line != rhs.line ? lhs.line < rhs.line : lhs.column < rhs.column
  }

  public var description: String { "\(line):\(column)" }
}
