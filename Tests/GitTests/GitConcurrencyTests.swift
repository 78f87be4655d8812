import Git
import TestSupport
import Testing

@Suite struct GitConcurrencyTests {
  /// One repository value is shared across tasks; its lock must keep libgit2's
  /// non-thread-safe repository object from being used by two threads at once.
  @Test func concurrentQueriesOnOneRepository() async throws {
    let scratch = try ScratchRepository()
    for index in 0..<20 {
      scratch.write("dir/file\(index).txt", "content \(index)\n")
    }
    try scratch.git(["add", "."])
    try scratch.commit()
    scratch.write("dir/file3.txt", "edited\n")
    try scratch.git(["add", "."])
    let repository = try #require(try GitRepository.discover(containing: scratch.path))
    let head = try scratch.revParse("HEAD")
    try await withThrowingTaskGroup(of: Void.self) { group in
      for task in 0..<8 {
        group.addTask { () throws in
          for _ in 0..<25 {
            #expect(try repository.head() == .commit(id: head, branch: "main"))
            #expect(try repository.stagedChanges() == [GitChange(path: "dir/file3.txt", kind: .modified)])
            #expect(try repository.indexBlob("dir/file\(task).txt") == Array((task == 3 ? "edited\n" : "content \(task)\n").utf8))
            #expect(try repository.headBlob("dir/file\(task).txt") == Array("content \(task)\n".utf8))
            #expect(try repository.indexEntries(under: "dir").count == 20)
            #expect(try repository.isDirty())
          }
        }
      }
      try await group.waitForAll()
    }
  }
}
