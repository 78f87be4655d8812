import Foundation
import Ignore
import Testing

/// Compares the matcher with the real `git check-ignore` on a scratch repository, so the
/// semantics are checked against git itself rather than against our reading of its manual.
///
/// Three ignore files are used, lowest precedence first: a `core.excludesFile` (standing in for
/// built-in defaults), the root `.gitignore`, and `sub/.gitignore`.
struct GitCheckIgnoreTests {
  static let defaultsText = """
    *.log
    .DS_Store
    build/
    *.swp

    """

  static let rootText = """
    # Root rules; every group below is exercised by the table.
    #comment.txt
    \\#hash.txt
    \\!bang.txt
    *.o
    !important.o
    /rootonly.txt
    doc/*.txt
    docs/**/*.pdf
    **/logs
    cache/**
    tmp/
    abc/def/
    onlydir/
    file?.c
    m?n/o
    data[0-9].csv
    report[!a-c].md
    note[^xy].md
    [[:upper:]]*.up
    !debug.log
    vendor/
    !vendor/keep/
    !vendor/keep.txt
    trailing.txt\u{20}\u{20}\u{20}
    space\\ \u{20}\u{20}
    foo/**/bar
    **/deep/x
    a**/b
    lit\\*star
    *.bak
    !keep.bak
    odd\\
    naïve?.txt

    """

  static let subText = """
    !*.o
    local.txt
    /anchored.txt
    nested/
    !rootonly.txt
    *.log
    !keep.log
    deep/

    """

  /// Every path is created on disk (directories as directories) before git is asked.
  static let table: [(path: String, isDirectory: Bool)] = [
    (".gitignore", false),
    ("app.log", false),
    ("debug.log", false),
    ("lib/debug.log", false),
    (".DS_Store", false),
    ("lib/.DS_Store", false),
    ("build", true),
    ("build/out.txt", false),
    ("src/build", false),
    ("src/main.swift", false),
    ("x.swp", false),
    ("#comment.txt", false),
    ("#hash.txt", false),
    ("!bang.txt", false),
    ("bang.txt", false),
    ("main.o", false),
    ("important.o", false),
    ("lib/important.o", false),
    ("lib/x.o", false),
    ("rootonly.txt", false),
    ("lib/rootonly.txt", false),
    ("doc/a.txt", false),
    ("doc/sub/a.txt", false),
    ("docs/x.pdf", false),
    ("docs/a/b/x.pdf", false),
    ("docs/a/b/x.txt", false),
    ("logs", true),
    ("p/q/logs", true),
    ("p/q/logs/today.txt", false),
    ("cache", true),
    ("cache/x", false),
    ("cache/d/e", false),
    ("tmp", true),
    ("lib/tmp", true),
    ("x/tmp", false),
    ("abc/def", true),
    ("x/abc/def", true),
    ("y/onlydir", true),
    ("z/onlydir", false),
    ("file1.c", false),
    ("file10.c", false),
    ("lib/file2.c", false),
    ("m1n/o", false),
    ("m/n/o", false),
    ("data5.csv", false),
    ("dataX.csv", false),
    ("reportd.md", false),
    ("reporta.md", false),
    ("notez.md", false),
    ("notex.md", false),
    ("Hello.up", false),
    ("hello.up", false),
    ("vendor", true),
    ("vendor/keep", true),
    ("vendor/keep.txt", false),
    ("trailing.txt", false),
    ("space ", false),
    ("space", false),
    ("foo/bar", false),
    ("foo/x/y/bar", false),
    ("w/foo/bar", false),
    ("deep/x", false),
    ("q/deep/x", false),
    ("ab", false),
    ("a/b", false),
    ("ax/y/b", false),
    ("axb", false),
    ("lit*star", false),
    ("litXstar", false),
    ("x.bak", false),
    ("keep.bak", false),
    ("odd\\", false),
    ("naïvex.txt", false),
    ("naïveé.txt", false),
    ("sub", true),
    ("sub/.gitignore", false),
    ("sub/x.o", false),
    ("sub/local.txt", false),
    ("local.txt", false),
    ("sub/deeper/local.txt", false),
    ("sub/anchored.txt", false),
    ("sub/deeper/anchored.txt", false),
    ("sub/nested", true),
    ("sub/nested/f.txt", false),
    ("sub/rootonly.txt", false),
    ("sub/a.log", false),
    ("sub/keep.log", false),
    ("sub/debug.log", false),
    ("sub/deep", true),
    ("sub/deep/x", false),
  ]

  @Test func tableMatchesGitCheckIgnore() throws {
    let scratch = try ScratchRepository()
    defer { scratch.remove() }
    let defaultsFile = scratch.root.appendingPathComponent("defaults-ignore")
    try Data(Self.defaultsText.utf8).write(to: defaultsFile)
    try scratch.write(Self.rootText, to: ".gitignore")
    try scratch.write(Self.subText, to: "sub/.gitignore")
    try scratch.create(Self.table)

    let paths = Self.table.map(\.path)
    let answers = try Git.checkIgnore(
      paths, in: scratch.repo, home: scratch.root, extraConfig: ["core.excludesFile=\(defaultsFile.path)"])
    let gitIgnored = Set(zip(paths, answers).compactMap { $1?.ignores == true ? $0 : nil })

    // Guard against a vacuous pass: git must have seen the rules and decided both ways.
    #expect(gitIgnored.contains("main.o"))
    #expect(!gitIgnored.contains("important.o"))
    #expect(gitIgnored.count >= 40)
    #expect(paths.count - gitIgnored.count >= 30)

    let matcher = IgnoreMatcher([
      IgnoreRuleSet(text: Self.defaultsText, base: "", source: defaultsFile.path),
      IgnoreRuleSet(text: Self.rootText, base: "", source: ".gitignore"),
      IgnoreRuleSet(text: Self.subText, base: "sub", source: "sub/.gitignore"),
    ])

    // 1. The deciding rule (source, line, pattern text, negation) is exactly git's.
    var agreed = 0
    for (entry, expected) in zip(Self.table, answers) {
      let ours = matcher.matchConsideringAncestors(entry.path, isDirectory: entry.isDirectory)
      #expect(
        ours == expected, "\(entry.path): ours \(ours?.description ?? "none"), git \(expected?.description ?? "none")")
      #expect(
        matcher.isIgnoredConsideringAncestors(entry.path, isDirectory: entry.isDirectory)
          == gitIgnored.contains(entry.path), "\(entry.path)")
      if ours == expected { agreed += 1 }
    }
    #expect(agreed == Self.table.count)

    // 2. A real walk that loads each directory's .gitignore on entry and skips ignored
    //    directories keeps exactly the table paths git does not ignore.
    let kept = try Self.walk(scratch.repo, defaults: IgnoreMatcher([matcher.ruleSets[0]]))
    for entry in Self.table {
      #expect(kept.contains(entry.path) == !gitIgnored.contains(entry.path), "walker disagrees on \(entry.path)")
    }
  }

  /// Glob edge cases, each pattern alone in a `.gitignore`, against a fixed set of entries.
  static let edgePatterns: [String] = [
    "*", "**", "*/", "**/", "/*", "/**", "a/**", "**/b", "a/**/b", "a**b", "a/**b", "a**/b",
    "**a", "a*/b", "*/b", "a/*/b", "a/*", "?", "a?", "??", "[ab]", "[!ab]", "[^ab]", "[a-c]*",
    "[]-]", "[--0]", "[\\-]", "[[:alpha:]]", "[[:alpha:]-z]", "[[:foo]", "[[:]", "[[:digit:]]",
    "\\*", "\\a", "a\\", "a/", "/a/", "a//", "x[/]y", "a/b/", "**/a/**", "a/**/", "*.*", ".*",
    "*~", "[!", "[", "a[", "b/[[:digit:]]", "***", "a/***/b", "**/**/b", "\\**", "*\\*",
    "a/b*", "ab*", "*b", "/a*", "a/*b*/", "**/a/b", "a\\/b", "[a/]b", "x/**/**/y", "[a-c-e]",
    "[z-a]", "[!a-c-e]",
  ]

  static let edgeEntries: [(path: String, isDirectory: Bool)] = [
    ("a", true), ("a/b", true), ("a/b/c", false), ("a/a", true), ("a/a/b", false), ("a/x", true),
    ("a/x/b", false), ("a/1", false), ("a/xbx", false), ("ab", false), ("aab", false), ("b", true),
    ("b/a", false), ("b/1", false), ("x", true), ("x/y", false), ("x/q", true), ("x/q/y", false),
    ("-", false), ("]", false), ("*", false), ("a*", false), ("**", false), (".a", false),
    ("a.b", false), ("a~", false), ("z", false), ("1", false), ("d", false), ("e", false), ("ab2", true),
    ("ab2/b", false),
  ]

  @Test func edgePatternsMatchGitCheckIgnore() throws {
    let scratch = try ScratchRepository()
    defer { scratch.remove() }
    try scratch.create(Self.edgeEntries)
    let paths = Self.edgeEntries.map(\.path)
    var compared = 0
    var gitMatched = 0
    for pattern in Self.edgePatterns {
      let text = pattern + "\n"
      try scratch.write(text, to: ".gitignore")
      let answers = try Git.checkIgnore(paths, in: scratch.repo, home: scratch.root)
      let matcher = IgnoreMatcher([IgnoreRuleSet(text: text, base: "", source: ".gitignore")])
      for (entry, expected) in zip(Self.edgeEntries, answers) {
        let ours = matcher.matchConsideringAncestors(entry.path, isDirectory: entry.isDirectory)
        #expect(
          ours == expected,
          "pattern \(pattern.debugDescription) on \(entry.path): ours \(ours?.description ?? "none"), git \(expected?.description ?? "none")"
        )
        compared += 1
        if expected != nil { gitMatched += 1 }
      }
    }
    #expect(compared == Self.edgePatterns.count * Self.edgeEntries.count)
    #expect(gitMatched > 100)
  }

  // MARK: - Helpers

  /// Depth-first walk in the style of the build tool: ask about each entry before looking
  /// inside it, and only ever use `isIgnored` (no ancestor checks).
  static func walk(_ root: URL, defaults: IgnoreMatcher) throws -> Set<String> {
    var kept: Set<String> = []
    func visit(_ directory: String, _ inherited: IgnoreMatcher) throws {
      let url = directory.isEmpty ? root : root.appendingPathComponent(directory)
      var matcher = inherited
      let ignoreFile = url.appendingPathComponent(".gitignore")
      if let data = FileManager.default.contents(atPath: ignoreFile.path) {
        let source = directory.isEmpty ? ".gitignore" : "\(directory)/.gitignore"
        matcher = matcher.appending(
          IgnoreRuleSet(text: String(decoding: data, as: UTF8.self), base: directory, source: source))
      }
      for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() where name != ".git" {
        let path = directory.isEmpty ? name : "\(directory)/\(name)"
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
        if matcher.isIgnored(path, isDirectory: isDirectory.boolValue) { continue }
        kept.insert(path)
        if isDirectory.boolValue { try visit(path, matcher) }
      }
    }
    try visit("", defaults)
    return kept
  }
}
