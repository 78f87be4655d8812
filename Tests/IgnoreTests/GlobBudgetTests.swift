@testable import Ignore
import Testing

/// A glob that makes git's wildmatch retry every split point must still finish in bounded
/// work, with git's answer. Work is counted in matching calls, not timed.
@Suite struct GlobBudgetTests {
  func run(_ glob: String, _ text: String, pathname: Bool = true, budget: Int = GlobMatcher.Search.budget)
    -> (matches: Bool, calls: Int)
  {
    let matcher = GlobMatcher(Array(glob.utf8), pathname: pathname)
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { matcher.matchesCountingCalls($0, budget: budget) }
  }

  @Test func pathologicalStarsAgainstALongPathStayBounded() {
    let glob = "*a*a*a*a*a*a*a*a*b"
    let path = String(repeating: "a", count: 3_000)
    let (matched, calls) = run(glob, path)
    #expect(!matched)
    // At most one call per (pattern position, text position), plus the budget spent first.
    #expect(calls <= (glob.utf8.count + 1) * (path.utf8.count + 1) + GlobMatcher.Search.budget)
    #expect(run(glob, path + "b").matches)
    #expect(run("**/*a*a*a*a*a*a*b", String(repeating: "a/", count: 1_000) + "aaaa", pathname: true).matches == false)
  }

  /// Remembering outcomes must change no answer: every glob against every text, matched with
  /// memoising from the first call and without it.
  @Test func rememberingChangesNoAnswer() {
    let globs = [
      "*", "*a", "a*", "*a*", "a*b*c", "**", "**/a", "a/**", "a/**/b", "*/a", "a/*", "*a*/b*", "**/*a*",
      "?a*", "[ab]*a", "[!a]*", "*[a-c]*b", "a*/**/*b", "*\\*a", "**a**", "a**b", "*a*a*b",
    ]
    var texts = ["", "a", "b", "ab", "ba", "aab", "a/b", "a/a/b", "b/a", "aa/ba/ab", "a*a", "cab/aab", "a/b/c/b"]
    texts += ["aaaaab", "aaaa/aaab", "abababab", "a/ab/abb/b"]
    for glob in globs {
      for text in texts {
        for pathname in [true, false] {
          let plain = run(glob, text, pathname: pathname, budget: Int.max)
          let memo = run(glob, text, pathname: pathname, budget: 1)
          #expect(plain.matches == memo.matches, "\(glob) vs \(text), pathname \(pathname)")
        }
      }
    }
  }
}
