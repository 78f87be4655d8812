import Ignore
import Testing

/// Parsing rules from git's PATTERN FORMAT: what counts as a pattern, and how a line is cleaned.
struct IgnoreParsingTests {
  private func matcher(_ text: String, base: String = "") -> IgnoreMatcher {
    IgnoreMatcher([IgnoreRuleSet(text: text, base: base, source: ".gitignore")])
  }

  @Test func blankLinesAndCommentsAreSkipped() {
    let set = IgnoreRuleSet(text: "\n# a comment\n\n#another.txt\nreal.txt\n\n", base: "", source: ".gitignore")
    #expect(set.count == 1)
    #expect(set.rules.map(\.pattern) == ["real.txt"])
    #expect(set.rules.map(\.line) == [5])
    #expect(!matcher("#another.txt").isIgnored("#another.txt", isDirectory: false))
  }

  @Test func commentOnlyAndEmptyTextGiveEmptySets() {
    #expect(IgnoreRuleSet(text: "", base: "", source: "x").isEmpty)
    #expect(IgnoreRuleSet(text: "# only\n\n   \n", base: "", source: "x").isEmpty)
    #expect(IgnoreRuleSet(patterns: [], base: "", source: "x").isEmpty)
    #expect(IgnoreMatcher().isEmpty)
    #expect(!IgnoreMatcher().isIgnored("anything", isDirectory: false))
  }

  @Test func escapedHashAndBangAreLiterals() {
    let m = matcher("\\#hash.txt\n\\!bang.txt\n")
    #expect(m.isIgnored("#hash.txt", isDirectory: false))
    #expect(m.isIgnored("!bang.txt", isDirectory: false))
    #expect(!m.isIgnored("hash.txt", isDirectory: false))
    #expect(!m.isIgnored("bang.txt", isDirectory: false))
    #expect(m.match("!bang.txt", isDirectory: false)?.negated == false)
  }

  @Test func hashInsideALineIsNotAComment() {
    let m = matcher("a#b\n")
    #expect(m.isIgnored("a#b", isDirectory: false))
  }

  @Test func trailingSpacesAreTrimmedUnlessEscaped() {
    let m = matcher("trail.txt   \nspace\\ \nkeep\\  \n")
    #expect(m.isIgnored("trail.txt", isDirectory: false))
    #expect(!m.isIgnored("trail.txt   ", isDirectory: false))
    #expect(m.isIgnored("space ", isDirectory: false))
    #expect(!m.isIgnored("space", isDirectory: false))
    #expect(m.isIgnored("keep ", isDirectory: false))
    #expect(!m.isIgnored("keep  ", isDirectory: false))
    #expect(m.match("trail.txt", isDirectory: false)?.pattern == "trail.txt")
    #expect(m.match("space ", isDirectory: false)?.pattern == "space\\ ")
  }

  @Test func leadingSpacesAndTabsAreSignificant() {
    let m = matcher(" lead\ntab\t\n")
    #expect(m.isIgnored(" lead", isDirectory: false))
    #expect(!m.isIgnored("lead", isDirectory: false))
    #expect(m.isIgnored("tab\t", isDirectory: false))
    #expect(!m.isIgnored("tab", isDirectory: false))
  }

  @Test func crlfLineEndingsAndByteOrderMark() {
    let m = matcher("\u{FEFF}# comment\r\nfirst.txt\r\nsecond/\r\nlast.txt")
    #expect(m.isIgnored("first.txt", isDirectory: false))
    #expect(m.isIgnored("second", isDirectory: true))
    #expect(m.isIgnored("last.txt", isDirectory: false))
    #expect(
      m.match("second", isDirectory: true)
        == IgnoreMatch(source: ".gitignore", line: 3, pattern: "second/", negated: false))
  }

  @Test func lineNumbersCountEveryLine() {
    let m = matcher("\n# c\n\n*.o\n!keep.o\n")
    #expect(
      m.match("a.o", isDirectory: false) == IgnoreMatch(source: ".gitignore", line: 4, pattern: "*.o", negated: false))
    let keep = m.match("keep.o", isDirectory: false)
    #expect(keep == IgnoreMatch(source: ".gitignore", line: 5, pattern: "!keep.o", negated: true))
    #expect(keep?.ignores == false)
    #expect(keep?.description == ".gitignore:5:!keep.o")
  }

  @Test func patternListUsesIndexAsLineNumber() {
    let set = IgnoreRuleSet(patterns: [".build/", "# comment", "*.swp", ""], base: "", source: "<defaults>")
    #expect(set.count == 2)
    let m = IgnoreMatcher([set])
    #expect(
      m.match(".build", isDirectory: true)
        == IgnoreMatch(source: "<defaults>", line: 1, pattern: ".build/", negated: false))
    #expect(m.match("x.swp", isDirectory: false)?.line == 3)
  }

  @Test func neverMatchingLinesAreDropped() {
    let set = IgnoreRuleSet(text: "!\n/\n! \n//\n", base: "", source: "x")
    #expect(set.isEmpty)
  }

  @Test func baseIsNormalized() {
    #expect(IgnoreRuleSet(text: "x", base: "sub/", source: "s").base == "sub")
    #expect(IgnoreRuleSet(text: "x", base: "/sub", source: "s").base == "sub")
    #expect(IgnoreRuleSet(text: "x", base: "./a/b", source: "s").base == "a/b")
    #expect(IgnoreRuleSet(text: "x", base: ".", source: "s").base == "")
  }

  @Test func trailingBackslashNeverMatches() {
    let m = matcher("odd\\\n")
    #expect(!m.isIgnored("odd", isDirectory: false))
    #expect(!m.isIgnored("odd\\", isDirectory: false))
  }

  @Test func emptyAppendLeavesMatcherUnchanged() {
    let m = IgnoreMatcher([IgnoreRuleSet(text: "a", base: "", source: "x")])
      .appending(IgnoreRuleSet(text: "# nothing", base: "sub", source: "sub/.gitignore"))
    #expect(m.ruleSets.count == 1)
  }
}
