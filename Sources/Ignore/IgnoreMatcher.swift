/// A stack of rule sets in increasing precedence, as a tree walker accumulates them:
/// built-in defaults first, then the root `.gitignore`, the root `.synapseignore`, then the
/// files of deeper directories.
///
/// The decision for a path is git's: the last rule that matches wins, where rules of a later
/// (higher-precedence) set come after every rule of an earlier one. A negated rule that wins
/// re-includes the path. A set only applies to paths strictly below its `base`.
public struct IgnoreMatcher: Sendable {
  /// The non-empty sets, lowest precedence first.
  public let ruleSets: [IgnoreRuleSet]

  /// Creates a matcher from sets in increasing precedence. Empty sets are dropped because
  /// they can never decide anything.
  public init(_ ruleSets: [IgnoreRuleSet] = []) {
    self.ruleSets = ruleSets.filter { !$0.isEmpty }
  }

  /// A matcher with `set` added at the highest precedence (typically the ignore file of the
  /// directory the walker is about to enter).
  public func appending(_ set: IgnoreRuleSet) -> IgnoreMatcher {
    guard !set.isEmpty else { return self }
    return IgnoreMatcher(ruleSets + [set])
  }

  /// True when no set has any rule, so every path is kept.
  public var isEmpty: Bool { ruleSets.isEmpty }

  /// Decision for one path relative to the walk root ("a/b/c.txt", no leading slash).
  ///
  /// Only the path itself is examined: directories are asked about before their contents and
  /// the caller does not descend into an ignored directory, which is how git makes a file
  /// under an excluded directory impossible to re-include. Use
  /// ``isIgnoredConsideringAncestors(_:isDirectory:)`` when no walker did that filtering.
  public func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool {
    guard let (setIndex, patternIndex) = decidingRule(relativePath, isDirectory: isDirectory) else {
      return false
    }
    return !ruleSets[setIndex].patterns[patternIndex].negated
  }

  /// Same as ``isIgnored(_:isDirectory:)``, but reports which rule decided, or `nil` when
  /// no rule matched the path (it is then not ignored).
  public func match(_ relativePath: String, isDirectory: Bool) -> IgnoreMatch? {
    guard let (setIndex, patternIndex) = decidingRule(relativePath, isDirectory: isDirectory) else {
      return nil
    }
    let set = ruleSets[setIndex]
    let pattern = set.patterns[patternIndex]
    return IgnoreMatch(source: set.source, line: pattern.line, pattern: pattern.text, negated: pattern.negated)
  }

  /// What `git check-ignore -v` reports for a path: if one of its ancestor directories is
  /// ignored, the rule that ignores the outermost such directory (a path inside an ignored
  /// directory can never be re-included); otherwise the path's own deciding rule, if any.
  public func matchConsideringAncestors(_ relativePath: String, isDirectory: Bool) -> IgnoreMatch? {
    let path = Self.trimmingTrailingSlashes(relativePath)
    var searchStart = path.utf8.startIndex
    while let slash = path.utf8[searchStart...].firstIndex(of: Byte.slash) {
      if let decision = match(String(path[..<slash]), isDirectory: true), decision.ignores {
        return decision
      }
      searchStart = path.utf8.index(after: slash)
    }
    return match(path, isDirectory: isDirectory)
  }

  /// Whether a path is ignored either itself or through an ignored ancestor directory.
  public func isIgnoredConsideringAncestors(_ relativePath: String, isDirectory: Bool) -> Bool {
    matchConsideringAncestors(relativePath, isDirectory: isDirectory)?.ignores ?? false
  }

  // MARK: - Matching

  /// Finds the deciding rule as (set index, pattern index), scanning from the highest
  /// precedence down and stopping at the first match.
  private func decidingRule(_ relativePath: String, isDirectory: Bool) -> (Int, Int)? {
    if ruleSets.isEmpty { return nil }
    var path = relativePath
    return path.withUTF8 { bytes -> (Int, Int)? in
      var length = bytes.count
      while length > 0 && bytes[length - 1] == Byte.slash { length -= 1 }
      guard length > 0 else { return nil }
      let full = UnsafeBufferPointer(rebasing: bytes[0..<length])
      var basenameStart = length
      while basenameStart > 0 && full[basenameStart - 1] != Byte.slash { basenameStart -= 1 }

      var setIndex = ruleSets.count
      while setIndex > 0 {
        setIndex -= 1
        let set = ruleSets[setIndex]
        let baseLength = set.baseBytes.count
        let name: UnsafeBufferPointer<UInt8>
        if baseLength == 0 {
          name = full
        } else {
          guard length > baseLength + 1, full[baseLength] == Byte.slash,
            IgnorePattern.hasPrefix(full, set.baseBytes)
          else { continue }
          name = UnsafeBufferPointer(rebasing: full[(baseLength + 1)...])
        }
        let nameBasenameStart = basenameStart - (length - name.count)
        let patterns = set.patterns
        var patternIndex = patterns.count
        while patternIndex > 0 {
          patternIndex -= 1
          if patterns[patternIndex].matches(
            name: name, basenameStart: nameBasenameStart, isDirectory: isDirectory)
          {
            return (setIndex, patternIndex)
          }
        }
      }
      return nil
    }
  }

  private static func trimmingTrailingSlashes(_ path: String) -> String {
    var utf8 = path.utf8[...]
    while utf8.last == Byte.slash { utf8 = utf8.dropLast() }
    return String(utf8) ?? path
  }
}
