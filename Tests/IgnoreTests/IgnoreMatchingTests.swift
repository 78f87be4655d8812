import Ignore
import Testing

/// Matching rules from git's PATTERN FORMAT, one behaviour per test.
struct IgnoreMatchingTests {
  private func matcher(_ text: String, base: String = "") -> IgnoreMatcher {
    IgnoreMatcher([IgnoreRuleSet(text: text, base: base, source: base.isEmpty ? ".gitignore" : "\(base)/.gitignore")])
  }

  @Test(arguments: [
    ("foo", "foo", false, true),
    ("foo", "a/foo", false, true),
    ("foo", "a/b/foo", true, true),
    ("foo", "foobar", false, false),
    ("foo", "a/foo/bar", false, false),  // only the entry's own name counts
    ("foo", "afoo", false, false),
  ])
  func slashFreePatternMatchesAtAnyDepth(pattern: String, path: String, isDirectory: Bool, expected: Bool) {
    #expect(matcher(pattern).isIgnored(path, isDirectory: isDirectory) == expected)
  }

  @Test(arguments: [
    ("/foo", "foo", true),
    ("/foo", "a/foo", false),
    ("a/foo", "a/foo", true),
    ("a/foo", "x/a/foo", false),
    ("/a/foo", "a/foo", true),
    ("a/*.c", "a/x.c", true),
    ("a/*.c", "b/a/x.c", false),
  ])
  func slashAtStartOrMiddleAnchors(pattern: String, path: String, expected: Bool) {
    #expect(matcher(pattern).isIgnored(path, isDirectory: false) == expected)
  }

  @Test func trailingSlashMatchesDirectoriesOnly() {
    let m = matcher("build/\n/out/\ndeep/er/\n")
    #expect(m.isIgnored("build", isDirectory: true))
    #expect(m.isIgnored("a/build", isDirectory: true))
    #expect(!m.isIgnored("build", isDirectory: false))
    #expect(!m.isIgnored("a/build", isDirectory: false))
    #expect(m.isIgnored("out", isDirectory: true))
    #expect(!m.isIgnored("x/out", isDirectory: true))
    #expect(m.isIgnored("deep/er", isDirectory: true))
    #expect(!m.isIgnored("deep/er", isDirectory: false))
    #expect(m.match("build", isDirectory: true)?.pattern == "build/")
  }

  @Test func callerTrailingSlashIsTolerated() {
    #expect(matcher("build/").isIgnored("build/", isDirectory: true))
    #expect(!matcher("x").isIgnored("", isDirectory: true))
  }

  @Test(arguments: [
    ("*.o", "main.o", true),
    ("*.o", "src/main.o", true),
    ("*.o", "main.c", false),
    ("*.o", ".o", true),
    ("a*b", "ab", true),
    ("a*b", "axxb", true),
    ("doc/*.txt", "doc/a.txt", true),
    ("doc/*.txt", "doc/sub/a.txt", false),  // `*` does not cross `/`
    ("doc/*", "doc/sub", true),
    ("file?.c", "file1.c", true),
    ("file?.c", "file.c", false),
    ("file?.c", "file12.c", false),
    ("a?b/c", "a/b/c", false),  // `?` does not match `/`
    ("a?b/c", "axb/c", true),
    ("*", "anything", true),
  ])
  func starAndQuestionMark(pattern: String, path: String, expected: Bool) {
    #expect(matcher(pattern).isIgnored(path, isDirectory: false) == expected)
  }

  @Test(arguments: [
    ("data[0-9].csv", "data5.csv", true),
    ("data[0-9].csv", "dataX.csv", false),
    ("data[!0-9].csv", "dataX.csv", true),
    ("data[!0-9].csv", "data5.csv", false),
    ("data[^0-9].csv", "dataX.csv", true),
    ("data[^0-9].csv", "data5.csv", false),
    ("[abc]x", "bx", true),
    ("[abc]x", "dx", false),
    ("[]]x", "]x", true),
    ("[!]]x", "ax", true),
    ("[!]]x", "]x", false),
    ("[a-]x", "-x", true),
    ("[a-c-e]x", "dx", false),  // a range cannot start where another ends...
    ("[a-c-e]x", "-x", true),  // ...so the second "-" is literal
    ("[a-c-e]x", "ex", true),
    ("[\\]]x", "]x", true),
    ("[[:digit:]]x", "7x", true),
    ("[[:digit:]]x", "ax", false),
    ("[[:upper:][:digit:]]x", "Qx", true),
    ("[[:space:]]x", " x", true),
    ("[[:bogus:]]x", "bx", false),  // unknown class: git matches nothing
    ("[abc", "[abc", false),  // unterminated set: git matches nothing
    ("a/[/]b", "a//b", false),  // a set never matches `/` in a path pattern
  ])
  func characterClasses(pattern: String, path: String, expected: Bool) {
    #expect(matcher(pattern).isIgnored(path, isDirectory: false) == expected)
  }

  @Test func matchingIsCaseSensitive() {
    let m = matcher("Makefile\n*.TXT\n")
    #expect(m.isIgnored("Makefile", isDirectory: false))
    #expect(!m.isIgnored("makefile", isDirectory: false))
    #expect(!m.isIgnored("a.txt", isDirectory: false))
  }

  @Test func backslashEscapesWildcards() {
    let m = matcher("lit\\*star\nq\\?\n")
    #expect(m.isIgnored("lit*star", isDirectory: false))
    #expect(!m.isIgnored("litXstar", isDirectory: false))
    #expect(m.isIgnored("q?", isDirectory: false))
    #expect(!m.isIgnored("qx", isDirectory: false))
  }

  @Test(arguments: [
    ("**/logs", "logs", true),
    ("**/logs", "a/logs", true),
    ("**/logs", "a/b/logs", true),
    ("**/logs/x", "a/logs/x", true),
    ("**/logs/x", "logs/x", true),
    ("**/logs/x", "logs/y", false),
  ])
  func leadingDoubleStar(pattern: String, path: String, expected: Bool) {
    #expect(matcher(pattern).isIgnored(path, isDirectory: false) == expected)
  }

  @Test(arguments: [
    ("cache/**", "cache", false),  // the directory itself is not matched, only its contents
    ("cache/**", "cache/x", true),
    ("cache/**", "cache/a/b/c", true),
    ("cache/**", "x/cache/y", false),
  ])
  func trailingDoubleStar(pattern: String, path: String, expected: Bool) {
    #expect(matcher(pattern).isIgnored(path, isDirectory: path == "cache") == expected)
  }

  @Test(arguments: [
    ("a/**/b", "a/b", true),
    ("a/**/b", "a/x/b", true),
    ("a/**/b", "a/x/y/z/b", true),
    ("a/**/b", "a/xb", false),
    ("a/**/b", "x/a/b", false),
    ("docs/**/*.pdf", "docs/x.pdf", true),
    ("docs/**/*.pdf", "docs/a/b/x.pdf", true),
    ("docs/**/*.pdf", "docs/a/b/x.txt", false),
  ])
  func middleDoubleStar(pattern: String, path: String, expected: Bool) {
    #expect(matcher(pattern).isIgnored(path, isDirectory: false) == expected)
  }

  @Test func otherConsecutiveStarsActLikeOneStar() {
    let m = matcher("x/a**b\n")
    #expect(m.isIgnored("x/ab", isDirectory: false))
    #expect(m.isIgnored("x/aZZb", isDirectory: false))
    #expect(!m.isIgnored("x/a/b", isDirectory: false))
  }

  /// git compares the literal start of a path pattern separately, so a `**` that directly
  /// follows it counts as "leading" and spans directories: `a**/b` matches `ax/y/b`.
  @Test func doubleStarRightAfterLiteralPrefixSpansDirectories() {
    let m = matcher("a**/b\n")
    #expect(m.isIgnored("ab", isDirectory: false))
    #expect(m.isIgnored("a/b", isDirectory: false))
    #expect(m.isIgnored("ax/y/b", isDirectory: false))
    #expect(!m.isIgnored("x/ab", isDirectory: false))
  }

  @Test func negationReincludesAndLastMatchWins() {
    let m = matcher("*.o\n!important.o\n")
    #expect(m.isIgnored("main.o", isDirectory: false))
    #expect(!m.isIgnored("important.o", isDirectory: false))
    #expect(!m.isIgnored("lib/important.o", isDirectory: false))
    let reversed = matcher("!important.o\n*.o\n")
    #expect(reversed.isIgnored("important.o", isDirectory: false))
  }

  @Test func negationOfUnmatchedPathReportsTheNegatedRule() {
    let m = matcher("!keep.txt\n")
    #expect(!m.isIgnored("keep.txt", isDirectory: false))
    #expect(m.match("keep.txt", isDirectory: false)?.negated == true)
    #expect(m.match("other.txt", isDirectory: false) == nil)
  }

  @Test func laterSetsTakePrecedence() {
    let defaults = IgnoreRuleSet(patterns: ["*.log", ".build/"], base: "", source: "<defaults>")
    let root = IgnoreRuleSet(text: "!debug.log\n", base: "", source: ".gitignore")
    let synapse = IgnoreRuleSet(text: "debug.log\n", base: "", source: ".synapseignore")
    let both = IgnoreMatcher([defaults, root])
    #expect(both.isIgnored("app.log", isDirectory: false))
    #expect(!both.isIgnored("debug.log", isDirectory: false))
    let all = both.appending(synapse)
    #expect(all.isIgnored("debug.log", isDirectory: false))
    #expect(all.match("debug.log", isDirectory: false)?.source == ".synapseignore")
    #expect(all.match(".build", isDirectory: true)?.source == "<defaults>")
  }

  @Test func nestedSetAppliesOnlyBelowItsBase() {
    let root = IgnoreRuleSet(text: "*.o\n", base: "", source: ".gitignore")
    let sub = IgnoreRuleSet(text: "!*.o\nlocal.txt\n/anchored.txt\n*\n!*.*\n", base: "sub", source: "sub/.gitignore")
    let m = IgnoreMatcher([root, sub])
    #expect(!m.isIgnored("sub/x.o", isDirectory: false))
    #expect(m.isIgnored("x.o", isDirectory: false))
    #expect(m.isIgnored("other/x.o", isDirectory: false))
    #expect(m.isIgnored("sub/local.txt", isDirectory: false) == false)  // `!*.*` comes last
    #expect(m.isIgnored("sub/Makefile", isDirectory: false))  // `*` from sub
    #expect(!m.isIgnored("sub", isDirectory: true))  // a file's rules never apply to its own directory
    #expect(!m.isIgnored("subway/Makefile", isDirectory: false))  // base is a whole component
    #expect(!m.isIgnored("Makefile", isDirectory: false))
  }

  @Test func nestedAnchoringIsRelativeToTheBase() {
    let sub = IgnoreRuleSet(text: "/anchored.txt\nmid/dle.txt\nany.txt\n", base: "a/sub", source: "a/sub/.gitignore")
    let m = IgnoreMatcher([sub])
    #expect(m.isIgnored("a/sub/anchored.txt", isDirectory: false))
    #expect(!m.isIgnored("a/sub/x/anchored.txt", isDirectory: false))
    #expect(!m.isIgnored("anchored.txt", isDirectory: false))
    #expect(m.isIgnored("a/sub/mid/dle.txt", isDirectory: false))
    #expect(!m.isIgnored("a/sub/x/mid/dle.txt", isDirectory: false))
    #expect(m.isIgnored("a/sub/x/y/any.txt", isDirectory: false))
    #expect(!m.isIgnored("a/any.txt", isDirectory: false))
  }

  @Test func excludedParentCannotBeReincluded() {
    let m = matcher("vendor/\n!vendor/keep.txt\n")
    // The walker never descends into "vendor", so the negation is never consulted.
    #expect(m.isIgnored("vendor", isDirectory: true))
    #expect(!m.isIgnored("vendor/keep.txt", isDirectory: false))  // the path alone is re-included...
    #expect(m.isIgnoredConsideringAncestors("vendor/keep.txt", isDirectory: false))  // ...but its parent is not
    #expect(m.matchConsideringAncestors("vendor/keep.txt", isDirectory: false)?.pattern == "vendor/")
  }

  @Test func ancestorsThatAreReincludedDoNotHide() {
    let m = matcher("dir/*\n!dir/keep/\n")
    #expect(m.isIgnoredConsideringAncestors("dir/other/x", isDirectory: false))
    #expect(!m.isIgnoredConsideringAncestors("dir/keep/x", isDirectory: false))
    #expect(m.matchConsideringAncestors("dir/keep/x", isDirectory: false) == nil)
    #expect(m.matchConsideringAncestors("dir/keep", isDirectory: true)?.negated == true)
  }

  @Test func nonAsciiNamesCompareAsBytes() {
    let m = matcher("café/\n*.ü\nnaïve?.txt\n")
    #expect(m.isIgnored("café", isDirectory: true))
    #expect(m.isIgnored("x/y.ü", isDirectory: false))
    #expect(!m.isIgnored("cafe", isDirectory: true))
    // `?` matches one byte, and "é" is two bytes in UTF-8, exactly as in git.
    #expect(m.isIgnored("naïvex.txt", isDirectory: false))
    #expect(!m.isIgnored("naïveé.txt", isDirectory: false))
  }
}
