import Foundation
import Ignore
import Testing

/// Random (but reproducible) ignore files compared with `git check-ignore`, to catch differences
/// in corners no hand-written table thinks of: odd bracket expressions, stray escapes, `**` in
/// unusual places, negations, comment and space handling, and a nested file's interaction with
/// the root file.
struct GitDifferentialTests {
  /// SplitMix64: tiny, deterministic, and good enough to spread test cases.
  struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let fragments = [
    "a", "b", "1", "*", "*", "**", "?", "/", "/", "[", "]", "[!", "[^", "-", "\\", "\\]", "\\ ",
    " ", "#", "!", "[:alpha:]", "[:digit:]", "[:", ":]", "c:", "f", "[]", "[]]", "\r",
  ]

  /// Entry names avoid a leading ":" because git reads that as pathspec magic.
  static var entries: [(path: String, isDirectory: Bool)] {
    var entries: [(path: String, isDirectory: Bool)] = []
    for first in ["a", "b", "ab", "ba", "-", "]", "1", "a1", "!", "[", "c:"] {
      entries.append((first, true))
      entries.append(("f\(first)", false))
      for second in ["a", "b", "ab", "1"] {
        entries.append(("\(first)/\(second)", true))
        for third in ["a", "b1"] {
          entries.append(("\(first)/\(second)/\(third)", false))
        }
      }
    }
    return entries
  }

  static func randomFile(lines: ClosedRange<Int>, using generator: inout SeededGenerator) -> String {
    var result: [String] = []
    for _ in 0..<Int.random(in: lines, using: &generator) {
      var line = Int.random(in: 0..<4, using: &generator) == 0 ? "!" : ""
      for _ in 0..<Int.random(in: 1...6, using: &generator) {
        line += fragments[Int.random(in: 0..<fragments.count, using: &generator)]
      }
      result.append(line)
    }
    return result.joined(separator: "\n")
  }

  @Test func randomIgnoreFilesMatchGit() throws {
    let scratch = try ScratchRepository()
    defer { scratch.remove() }
    let entries = Self.entries
    try scratch.create(entries)
    let paths = entries.map(\.path)
    var generator = SeededGenerator(state: 0x5EED_1234)
    var compared = 0
    var gitIgnored = 0
    var mismatches: [String] = []
    for _ in 0..<150 {
      let rootText = Self.randomFile(lines: 1...3, using: &generator) + "\n"
      let nestedText = Self.randomFile(lines: 0...3, using: &generator)
      try scratch.write(rootText, to: ".gitignore")
      try scratch.write(nestedText, to: "a/.gitignore")
      let answers = try Git.checkIgnore(paths, in: scratch.repo, home: scratch.root)
      let matcher = IgnoreMatcher([
        IgnoreRuleSet(text: rootText, base: "", source: ".gitignore"),
        IgnoreRuleSet(text: nestedText, base: "a", source: "a/.gitignore"),
      ])
      for (entry, expected) in zip(entries, answers) {
        let ours = matcher.matchConsideringAncestors(entry.path, isDirectory: entry.isDirectory)
        if ours != expected {
          mismatches.append(
            "\(rootText.debugDescription) + \(nestedText.debugDescription) on \(entry.path): "
              + "ours \(ours?.description ?? "none"), git \(expected?.description ?? "none")")
        }
        compared += 1
        if expected?.ignores == true { gitIgnored += 1 }
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    #expect(compared == 150 * entries.count)
    // The generated files must actually ignore things, or the comparison proves little.
    #expect(gitIgnored > compared / 20)
  }
}
