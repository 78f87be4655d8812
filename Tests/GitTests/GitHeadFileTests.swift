import Foundation
import Git
import TestSupport
import Testing

/// HEAD read from the repository's files (no libgit2), checked against git itself.
@Suite struct GitHeadFileTests {
  @Test func readsBranchAndCommitThroughLooseAndPackedRefs() throws {
    let repo = try ScratchRepository()
    repo.write("a/b/file.txt", "x")
    let unborn = try #require(GitHeadFile.read(containing: repo.path + "/a/b"))
    #expect(unborn.branch == "main")
    #expect(unborn.commit == nil)
    try repo.git(["add", "-A"])
    try repo.commit()
    let loose = try #require(GitHeadFile.read(containing: repo.path + "/a"))
    #expect(loose.commit == (try repo.revParse("HEAD")))
    #expect(loose.branch == "main")
    #expect(loose.root == repo.path)
    try repo.git(["pack-refs", "--all"])
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/refs/heads/main"))
    #expect(GitHeadFile.read(containing: repo.path)?.commit == (try repo.revParse("HEAD")))
    try repo.git(["checkout", "-q", "--detach"])
    let detached = try #require(GitHeadFile.read(containing: repo.path))
    #expect(detached.branch == nil)
    #expect(detached.commit == (try repo.revParse("HEAD")))
  }

  @Test func followsALinkedWorktreesGitFile() throws {
    let repo = try ScratchRepository()
    repo.write("f.txt", "x")
    try repo.git(["add", "-A"])
    try repo.commit()
    let other = TemporaryDirectory("worktree")
    try repo.git(["worktree", "add", "-q", "-b", "feature", other.path + "/wt"])
    let head = try #require(GitHeadFile.read(containing: other.path + "/wt"))
    #expect(head.branch == "feature")
    #expect(head.commit == (try repo.revParse("HEAD")))
    #expect(GitHeadFile.read(containing: TemporaryDirectory("nowhere").path) == nil)
  }
}
