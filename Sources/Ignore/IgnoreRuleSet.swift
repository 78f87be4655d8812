/// One parsed ignore file (or a built-in pattern list), compiled once and matched many times.
///
/// Parsing follows git's `add_patterns_from_buffer()` byte for byte, so a `.gitignore` means
/// the same thing here as it does to git:
/// - a UTF-8 byte order mark at the start is skipped;
/// - lines are split on `\n`, and one `\r` before it is dropped (CRLF files work);
/// - empty lines and lines starting with `#` are skipped (`\#` escapes a leading hash);
/// - unescaped trailing spaces are trimmed (`\ ` keeps one); tabs are not trimmed;
/// - `!` negates (`\!` escapes a leading bang), a trailing `/` restricts to directories;
/// - a slash at the start or in the middle anchors the pattern to `base`, otherwise it
///   matches an entry's own name at any depth below `base`.
public struct IgnoreRuleSet: Sendable {
  /// Directory holding the file, relative to the walk root: "" for the root, no slashes at
  /// either end. Patterns only ever apply to paths strictly below it.
  public let base: String
  /// Name of the file for diagnostics, e.g. "plugin/.gitignore".
  public let source: String
  /// Compiled patterns in file order; later ones take precedence.
  let patterns: [IgnorePattern]
  /// `base` as bytes, cached for the per-path prefix test.
  let baseBytes: [UInt8]

  /// Parses gitignore text.
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - base: the directory holding the file, relative to the walk root ("" for the root).
  ///   - source: how to name the file in diagnostics (e.g. "plugin/.gitignore").
  public init(text: String, base: String, source: String) {
    var bytes = Array(text.utf8)
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
      bytes.removeFirst(3)
    }
    var patterns: [IgnorePattern] = []
    var lineNumber = 1
    var lineStart = 0
    // git appends a newline to every file, so the last line needs no special case.
    bytes.append(Byte.newline)
    for index in bytes.indices where bytes[index] == Byte.newline {
      if let pattern = Self.compile(line: bytes[lineStart..<index], number: lineNumber) {
        patterns.append(pattern)
      }
      lineNumber += 1
      lineStart = index + 1
    }
    self.init(compiled: patterns, base: base, source: source)
  }

  /// Builds a set from individual pattern lines, e.g. built-in defaults. Each element is
  /// treated as one line of a file (comments and blank entries are allowed); the line
  /// number reported for a match is the element's index plus one.
  public init(patterns: [String], base: String, source: String) {
    var compiled: [IgnorePattern] = []
    for (index, line) in patterns.enumerated() {
      let bytes = Array(line.utf8)
      if let pattern = Self.compile(line: bytes[...], number: index + 1) {
        compiled.append(pattern)
      }
    }
    self.init(compiled: compiled, base: base, source: source)
  }

  private init(compiled: [IgnorePattern], base: String, source: String) {
    let normalized = Self.normalize(base: base)
    self.patterns = compiled
    self.base = normalized
    self.baseBytes = Array(normalized.utf8)
    self.source = source
  }

  /// True when the set has no pattern that could match anything; a matcher skips such sets.
  public var isEmpty: Bool { patterns.isEmpty }

  /// Number of effective patterns (comments, blank lines and never-matching lines excluded).
  public var count: Int { patterns.count }

  /// The effective patterns as written (after trailing-space trimming), in file order,
  /// with their line numbers; useful for listing what a file contributes.
  public var rules: [(line: Int, pattern: String)] {
    patterns.map { ($0.line, $0.text) }
  }

  /// Turns one raw line (without its `\n`) into a pattern, or `nil` when git would add
  /// nothing that can match.
  static func compile(line raw: ArraySlice<UInt8>, number: Int) -> IgnorePattern? {
    var line = raw
    guard let first = line.first, first != Byte.hash else { return nil }
    if line.last == Byte.carriageReturn { line = line.dropLast() }
    // git handles lines as C strings, so an embedded NUL ends the line.
    if let nul = line.firstIndex(of: Byte.nul) { line = line[..<nul] }
    return IgnorePattern(trimmedLine: trimTrailingSpaces(line), line: number)
  }

  /// git's `trim_trailing_spaces()`: drops the run of unescaped spaces at the end. A
  /// backslash protects the byte after it; a lone trailing backslash stops trimming.
  static func trimTrailingSpaces(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var lastSpace: Int? = nil
    var index = line.startIndex
    while index < line.endIndex {
      switch line[index] {
      case Byte.space:
        if lastSpace == nil { lastSpace = index }
      case Byte.backslash:
        index += 1
        if index == line.endIndex { return line }
        lastSpace = nil
      default:
        lastSpace = nil
      }
      index += 1
    }
    if let lastSpace { return line[..<lastSpace] }
    return line
  }

  /// Accepts "", "sub", "sub/", "/sub" or "./sub" and returns "sub" (or "").
  static func normalize(base: String) -> String {
    var bytes = Array(base.utf8)[...]
    while true {
      if bytes.first == Byte.slash {
        bytes = bytes.dropFirst()
      } else if bytes.count >= 2 && bytes[bytes.startIndex] == 0x2E && bytes[bytes.startIndex + 1] == Byte.slash {
        bytes = bytes.dropFirst(2)
      } else {
        break
      }
    }
    if bytes.count == 1 && bytes.first == 0x2E { return "" }
    while bytes.last == Byte.slash { bytes = bytes.dropLast() }
    return String(decoding: bytes, as: UTF8.self)
  }
}
