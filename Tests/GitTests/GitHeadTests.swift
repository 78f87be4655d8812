import Git
import TestSupport
import Testing

@Suite struct GitHeadTests {
  @Test func unbornBranchBeforeTheFirstCommit() throws {
    let scratch = try ScratchRepository()
    scratch.write("b.txt", "bee\n")
    scratch.write("a.txt", "ay\n")
    try scratch.git(["add", "."])
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(try repository.head() == .unborn(branch: "main"))
    #expect(try repository.stagedChanges() == [
      GitChange(path: "a.txt", kind: .added), GitChange(path: "b.txt", kind: .added),
    ])
    #expect(try repository.headBlob("a.txt") == nil)
    #expect(try repository.indexBlob("a.txt") == Array("ay\n".utf8))
    #expect(try repository.isDirty())
  }

  @Test func unbornOrphanBranchKeepsItsName() throws {
    let scratch = try ScratchRepository()
    scratch.write("a.txt", "ay\n")
    try scratch.git(["add", "."])
    try scratch.commit()
    try scratch.git(["checkout", "-q", "--orphan", "release/next"])
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(try repository.head() == .unborn(branch: "release/next"))
  }

  @Test func branchAndDetachedHead() throws {
    let scratch = try ScratchRepository()
    scratch.write("a.txt", "one\n")
    try scratch.git(["add", "."])
    try scratch.commit("one")
    scratch.write("a.txt", "two\n")
    try scratch.git(["commit", "-q", "-a", "-m", "two"])
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(try repository.head() == .commit(id: try scratch.revParse("HEAD"), branch: "main"))

    try scratch.git(["checkout", "-q", "--detach", "HEAD~1"])
    let head = try repository.head()
    #expect(head == .commit(id: try scratch.revParse("HEAD"), branch: nil))
    #expect(head.commitID?.count == 40)
    #expect(head.branch == nil)
    #expect(try repository.headBlob("a.txt") == Array("one\n".utf8))

    try scratch.git(["checkout", "-q", "-b", "feature/x"])
    #expect(try repository.head() == .commit(id: try scratch.revParse("HEAD"), branch: "feature/x"))
  }
}
