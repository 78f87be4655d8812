/// Compiled `pattern` and `patternProperties` regular expressions for one
/// validation run.
///
/// `Regex` is not `Sendable`, so the validator keeps only pattern strings
/// (checked at load time) and each run compiles the few it meets, once.
/// Matching uses Unicode-scalar semantics and search (not whole-string)
/// semantics, as JSON Schema's ECMA-262 patterns do, so patterns must
/// anchor themselves with `^...$`.
struct PatternCache {
  /// Longer strings are not matched: a backtracking engine on a
  /// multi-megabyte scalar could take seconds, and no field with a pattern
  /// legitimately holds that much.
  static let maxSubjectLength = 10_000

  private var regexes: [String: Regex<AnyRegexOutput>] = [:]

  static func compile(_ pattern: String) throws -> Regex<AnyRegexOutput> {
    try Regex(pattern).matchingSemantics(.unicodeScalar)
  }

  /// Whether `pattern` matches somewhere in `text`; `nil` when it could not
  /// be checked (the pattern failed to compile, which loading rules out, or
  /// the text is longer than `maxSubjectLength`).
  mutating func matches(_ pattern: String, _ text: String) -> Bool? {
    guard text.utf8.count <= Self.maxSubjectLength || text.unicodeScalars.count <= Self.maxSubjectLength else {
      return nil
    }
    let regex: Regex<AnyRegexOutput>
    if let cached = regexes[pattern] {
      regex = cached
    } else {
      guard let compiled = try? Self.compile(pattern) else { return nil }
      regexes[pattern] = compiled
      regex = compiled
    }
    return (try? regex.firstMatch(in: text)) != nil
  }
}
