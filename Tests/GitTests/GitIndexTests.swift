import Foundation
import Git
import TestSupport
import Testing

@Suite struct GitIndexTests {
  @Test func partiallyStagedFileReadsTheStagedVersion() throws {
    let scratch = try ScratchRepository()
    scratch.write("config.yaml", "version: 1\n")
    try scratch.git(["add", "."])
    try scratch.commit()
    scratch.write("config.yaml", "version: 2\n")
    try scratch.git(["add", "config.yaml"])
    scratch.write("config.yaml", "version: 3\n")

    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(try repository.indexBlob("config.yaml") == Array("version: 2\n".utf8))
    #expect(try repository.headBlob("config.yaml") == Array("version: 1\n".utf8))
    #expect(try repository.indexBlob("missing.yaml") == nil)
    #expect(try repository.headBlob("missing.yaml") == nil)
    #expect(try repository.stagedChanges() == [GitChange(path: "config.yaml", kind: .modified)])
  }

  @Test func indexIsReloadedAfterGitChangesIt() throws {
    let scratch = try ScratchRepository()
    scratch.write("a.txt", "first\n")
    try scratch.git(["add", "."])
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(try repository.indexBlob("a.txt") == Array("first\n".utf8))
    // A different size, so the change is visible even within the index file's mtime granularity.
    scratch.write("a.txt", "second version\n")
    try scratch.git(["add", "."])
    #expect(try repository.indexBlob("a.txt") == Array("second version\n".utf8))
  }

  @Test func stagedChangesMatchGitDiffCached() throws {
    let scratch = try ScratchRepository()
    let long = (0..<40).map { "line \($0) of a file long enough for rename detection\n" }.joined()
    scratch.write("modified.txt", "before\n")
    scratch.write("deleted.txt", "gone soon\n")
    scratch.write("old/name.txt", long)
    scratch.write("same.txt", "unchanged\n")
    scratch.write("link-target.txt", "target\n")
    try scratch.git(["add", "."])
    try scratch.commit()

    scratch.write("modified.txt", "after\n")
    try scratch.git(["add", "modified.txt"])
    try scratch.git(["rm", "-q", "deleted.txt"])
    try scratch.git(["mv", "old/name.txt", "new-name.txt"])
    scratch.write("added/file.txt", "new\n")
    try scratch.git(["add", "added/file.txt"])
    scratch.write("same.txt", "edited but not staged\n")
    scratch.write("untracked.txt", "not added\n")

    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    let expected = try scratch.git(["diff", "--cached", "--name-status"])
      .split(separator: "\n").map { line -> GitChange in
        let fields = line.split(separator: "\t").map(String.init)
        switch fields[0].prefix(1) {
        case "A": return GitChange(path: fields[1], kind: .added)
        case "M": return GitChange(path: fields[1], kind: .modified)
        case "D": return GitChange(path: fields[1], kind: .deleted)
        case "R": return GitChange(path: fields[2], kind: .renamed(from: fields[1]))
        default: return GitChange(path: line.description, kind: .conflicted)
        }
      }
    let changes = try repository.stagedChanges()
    #expect(expected.count == 4)
    #expect(changes == expected)
    #expect(changes.contains(GitChange(path: "new-name.txt", kind: .renamed(from: "old/name.txt"))))
    #expect(changes.flatMap(\.touchedPaths).contains("old/name.txt"))
  }

  @Test func typeChangeIsReported() throws {
    let scratch = try ScratchRepository()
    scratch.write("target.txt", "target\n")
    scratch.write("entry", "a file at first\n")
    try scratch.git(["add", "."])
    try scratch.commit()
    scratch.directory.remove("entry")
    try FileManager.default.createSymbolicLink(atPath: scratch.directory.url("entry"), withDestinationPath: "target.txt")
    try scratch.git(["add", "entry"])
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(try repository.stagedChanges() == [GitChange(path: "entry", kind: .typeChanged)])
    #expect(try repository.indexBlob("entry") == Array("target.txt".utf8))
    #expect(try repository.indexEntries(under: "entry").isEmpty)  // a file, not a directory
    #expect(try repository.indexEntries(under: "").first { $0.path == "entry" }?.isSymlink == true)
  }

  @Test func indexEntriesUnderADirectory() throws {
    let scratch = try ScratchRepository()
    scratch.write("src/tool.sh", "#!/bin/sh\necho hi\n", executable: true)
    scratch.write("src/lib/util.py", "x = 1\n")
    scratch.write("srcfoo/other.py", "not under src\n")
    scratch.write("README.md", "readme\n")
    try scratch.git(["add", "."])
    let repository = try #require(try GitRepository.discover(containing: scratch.path))

    let entries = try repository.indexEntries(under: "src")
    #expect(entries.map(\.path) == ["src/lib/util.py", "src/tool.sh"])
    #expect(try repository.indexEntries(under: "src/") == entries)
    let tool = try #require(entries.last)
    #expect(tool.mode == 0o100755)
    #expect(tool.isExecutable)
    #expect(tool.size == "#!/bin/sh\necho hi\n".utf8.count)
    #expect(tool.id == (try scratch.revParse(":src/tool.sh")))
    #expect(entries.first?.mode == 0o100644)
    #expect(try repository.indexEntries(under: "").map(\.path) == [
      "README.md", "src/lib/util.py", "src/tool.sh", "srcfoo/other.py",
    ])
  }

  @Test func directoriesAndInvalidPathsAreErrors() throws {
    let scratch = try ScratchRepository()
    scratch.write("src/a.txt", "a\n")
    try scratch.git(["add", "."])
    try scratch.commit()
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    let directory = #expect(throws: GitError.self) { try repository.headBlob("src") }
    #expect(directory?.kind == .notAFile)
    #expect(directory?.description.contains("src") == true)
    #expect(try repository.indexBlob("src") == nil)  // the index holds files only
    for path in ["", "/etc/passwd"] {
      let error = #expect(throws: GitError.self) { try repository.indexBlob(path) }
      #expect(error?.kind == .invalidPath)
    }
  }

  @Test func nonASCIIPaths() throws {
    let scratch = try ScratchRepository(label: "synapse-git-répertoire")
    let path = "données/ünïcode ✓ 日本.txt"
    scratch.write(path, "contenu\n")
    try scratch.git(["add", "."])
    let repository = try #require(try GitRepository.discover(containing: scratch.directory.url(path)))
    #expect(repository.workdir == scratch.path)
    #expect(try repository.stagedChanges() == [GitChange(path: path, kind: .added)])
    #expect(try repository.indexEntries(under: "données").map(\.path) == [path])
    #expect(try repository.indexBlob(path) == Array("contenu\n".utf8))
    try scratch.commit("première")
    #expect(try repository.headBlob(path) == Array("contenu\n".utf8))
    #expect(try !repository.isDirty())
  }
}
