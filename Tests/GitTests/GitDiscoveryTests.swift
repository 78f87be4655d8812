import Foundation
import Git
import TestSupport
import Testing

@Suite struct GitDiscoveryTests {
  @Test func discoversFromANestedDirectory() throws {
    let scratch = try ScratchRepository()
    scratch.directory.mkdir("a/b/c")
    let repository = try #require(try GitRepository.discover(containing: scratch.directory.url("a/b/c")))
    #expect(repository.workdir == scratch.path)
    #expect(repository.gitDirectory == scratch.path + "/.git")
    #expect(repository.commonDirectory == scratch.path + "/.git")
    #expect(!repository.isBare)
  }

  @Test func discoversFromAFilePath() throws {
    let scratch = try ScratchRepository()
    let file = scratch.write("src/module.py", "x = 1\n")
    let repository = try #require(try GitRepository.discover(containing: file))
    #expect(repository.workdir == scratch.path)
  }

  @Test func outsideAnyRepositoryIsNil() throws {
    let outside = TemporaryDirectory("synapse-git-none")
    outside.mkdir("deep/er")
    #expect(try GitRepository.discover(containing: outside.url("deep/er")) == nil)
    let file = outside.write("file.txt", "x")
    #expect(try GitRepository.discover(containing: file) == nil)
  }

  @Test func aMissingPathIsAnErrorNamingIt() throws {
    let outside = TemporaryDirectory("synapse-git-none")
    let missing = outside.url("not/there")
    let error = #expect(throws: GitError.self) { try GitRepository.discover(containing: missing) }
    #expect(error?.kind == .pathNotFound)
    #expect(error?.description.contains(missing) == true)
  }

  @Test func bareRepository() throws {
    let scratch = try ScratchRepository(bare: true)
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(repository.isBare)
    #expect(repository.workdir == nil)
    #expect(repository.gitDirectory == scratch.path)
    #expect(try repository.head() == .unborn(branch: "main"))
    #expect(try repository.headBlob("anything") == nil)
    for operation in [
      { _ = try repository.stagedChanges() }, { _ = try repository.isDirty() },
      { _ = try repository.indexBlob("file") }, { _ = try repository.indexEntries(under: "") },
    ] as [() throws -> Void] {
      let error = #expect(throws: GitError.self) { try operation() }
      #expect(error?.kind == .bareRepository)
      #expect(error?.description.contains(scratch.path) == true)
    }
  }

  @Test func bareCloneReadsHeadContent() throws {
    let source = try ScratchRepository()
    source.write("file.txt", "committed\n")
    try source.git(["add", "."])
    try source.commit()
    let target = TemporaryDirectory("synapse-git-bare")
    try ScratchRepository.git(["clone", "-q", "--bare", source.path, target.url("clone.git")], cwd: target.path)
    let repository = try #require(try GitRepository.discover(containing: target.url("clone.git")))
    #expect(repository.isBare)
    #expect(try repository.head() == .commit(id: try source.revParse("HEAD"), branch: "main"))
    #expect(try repository.headBlob("file.txt") == Array("committed\n".utf8))
  }

  @Test func linkedWorktreeSharesHooksWithItsMainRepository() throws {
    let scratch = try ScratchRepository()
    scratch.write("file.txt", "x\n")
    try scratch.git(["add", "."])
    try scratch.commit()
    let other = TemporaryDirectory("synapse-git-worktree")
    try scratch.git(["worktree", "add", "-q", "-b", "feature/side", other.url("tree")])
    let repository = try #require(try GitRepository.discover(containing: other.url("tree")))
    #expect(repository.workdir == other.url("tree"))
    #expect(repository.gitDirectory == scratch.path + "/.git/worktrees/tree")
    #expect(repository.commonDirectory == scratch.path + "/.git")
    #expect(try repository.head() == .commit(id: try scratch.revParse("HEAD"), branch: "feature/side"))
    if try repository.configString("core.hooksPath") == nil {
      #expect(try repository.hooksDirectory == scratch.path + "/.git/hooks")
    }
  }
}
