/// One compiled line of an ignore file.
///
/// Compilation follows git's `parse_path_pattern()`: the leading `!` and a single trailing `/`
/// become flags, and the remaining glob is classified once so that the per-path check is
/// usually a length test plus a short byte comparison instead of a glob match.
struct IgnorePattern: Sendable {
  /// How the pattern is compared with a path; chosen at compile time for speed.
  enum Test: Sendable {
    /// No slash, no wildcard: the entry's own name must equal these bytes.
    case name([UInt8])
    /// `*literal` with no slash: the entry's own name must end with these bytes.
    case nameSuffix([UInt8])
    /// Any other slash-free pattern: globbed against the entry's own name.
    case nameGlob(GlobMatcher)
    /// Contains a slash, no wildcard: the path below the base must equal these bytes.
    case path([UInt8])
    /// Contains a slash and a wildcard: the path below the base must start with the literal
    /// `prefix`, and the rest must match `rest`. Splitting here is not just an optimisation:
    /// git does the same, and it changes what a `**` right after the prefix means.
    case pathGlob(prefix: [UInt8], rest: GlobMatcher)
  }

  let test: Test
  /// `!pattern`: a match re-includes the path.
  let negated: Bool
  /// `pattern/`: only directories can match.
  let directoryOnly: Bool
  /// 1-based line in the source file (or index + 1 in a pattern list).
  let line: Int
  /// The line as git reports it in `check-ignore -v`: after trailing-space trimming,
  /// with any `!` and trailing `/` kept.
  let text: String

  /// Compiles one already-trimmed line. Returns `nil` for lines that can never match
  /// anything (for example `!` or `/` alone), so they cost nothing at match time.
  init?(trimmedLine bytes: ArraySlice<UInt8>, line: Int) {
    guard !bytes.isEmpty else { return nil }
    var body = bytes
    var negated = false
    if body.first == Byte.bang {
      negated = true
      body = body.dropFirst()
    }
    var directoryOnly = false
    if body.last == Byte.slash {
      directoryOnly = true
      body = body.dropLast()
    }
    guard !body.isEmpty else { return nil }

    let literalLength = body.firstIndex(where: Self.isGlobSpecial).map { $0 - body.startIndex } ?? body.count
    let hasSlash = body.contains(Byte.slash)

    let test: Test
    if !hasSlash {
      if literalLength == body.count {
        test = .name(Array(body))
      } else if body.first == Byte.star && !body.dropFirst().contains(where: Self.isGlobSpecial) {
        test = .nameSuffix(Array(body.dropFirst()))
      } else {
        test = .nameGlob(GlobMatcher(Array(body), pathname: false))
      }
    } else {
      // A leading slash only anchors; the pattern is relative to the base either way.
      var anchored = body
      var prefixLength = literalLength
      if anchored.first == Byte.slash {
        anchored = anchored.dropFirst()
        prefixLength -= 1
      }
      // Every path below the base has a non-empty remainder, so an empty pattern never matches.
      guard !anchored.isEmpty else { return nil }
      if prefixLength == anchored.count {
        test = .path(Array(anchored))
      } else {
        let split = anchored.startIndex + prefixLength
        test = .pathGlob(
          prefix: Array(anchored[..<split]),
          rest: GlobMatcher(Array(anchored[split...]), pathname: true)
        )
      }
    }

    self.test = test
    self.negated = negated
    self.directoryOnly = directoryOnly
    self.line = line
    self.text = String(decoding: bytes, as: UTF8.self)
  }

  @inline(__always)
  static func isGlobSpecial(_ byte: UInt8) -> Bool {
    byte == Byte.star || byte == Byte.question || byte == Byte.openBracket || byte == Byte.backslash
  }

  /// Whether this pattern matches a path.
  /// - Parameters:
  ///   - name: the path relative to the pattern's base directory (already known to be below it).
  ///   - basenameStart: offset in `name` where the last path component starts.
  @inline(__always)
  func matches(name: UnsafeBufferPointer<UInt8>, basenameStart: Int, isDirectory: Bool) -> Bool {
    if directoryOnly && !isDirectory { return false }
    switch test {
    case .name(let literal):
      return Self.equals(name, from: basenameStart, literal)
    case .nameSuffix(let suffix):
      let start = name.count - suffix.count
      return start >= basenameStart && Self.equals(name, from: start, suffix)
    case .nameGlob(let glob):
      return glob.matches(UnsafeBufferPointer(rebasing: name[basenameStart...]))
    case .path(let literal):
      return Self.equals(name, from: 0, literal)
    case .pathGlob(let prefix, let rest):
      guard name.count >= prefix.count, Self.hasPrefix(name, prefix) else { return false }
      return rest.matches(UnsafeBufferPointer(rebasing: name[prefix.count...]))
    }
  }

  /// `buffer[start...] == literal`.
  @inline(__always)
  static func equals(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, _ literal: [UInt8]) -> Bool {
    guard buffer.count - start == literal.count else { return false }
    return literal.withUnsafeBufferPointer { bytes in
      var index = 0
      while index < bytes.count {
        if buffer[start + index] != bytes[index] { return false }
        index += 1
      }
      return true
    }
  }

  /// `buffer` starts with `literal` (the caller has checked the length).
  @inline(__always)
  static func hasPrefix(_ buffer: UnsafeBufferPointer<UInt8>, _ literal: [UInt8]) -> Bool {
    literal.withUnsafeBufferPointer { bytes in
      var index = 0
      while index < bytes.count {
        if buffer[index] != bytes[index] { return false }
        index += 1
      }
      return true
    }
  }
}
