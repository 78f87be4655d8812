import Git
import TestSupport
import Testing

@Suite struct GitStatusTests {
  @Test func dirtyForUnstagedAndStagedEditsNotForUntrackedFiles() throws {
    let scratch = try ScratchRepository()
    scratch.write("tracked.txt", "one\n")
    try scratch.git(["add", "."])
    try scratch.commit()
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    #expect(try !repository.isDirty())

    scratch.write("untracked.txt", "new\n")
    #expect(try !repository.isDirty(), "untracked files do not make the tree dirty")

    scratch.write("tracked.txt", "two\n")
    #expect(try repository.isDirty(), "unstaged edit")
    #expect(try repository.stagedChanges().isEmpty)

    try scratch.git(["add", "tracked.txt"])
    #expect(try repository.isDirty(), "staged edit")

    try scratch.commit()
    #expect(try !repository.isDirty())
    scratch.directory.remove("tracked.txt")
    #expect(try repository.isDirty(), "deleted tracked file")
  }
}
