import Foundation
import Pipeline
import TestSupport
import Testing

@Suite struct TreeWalkerTests {
  func walk(_ dir: TemporaryDirectory, filter: any TreeFilter = IncludeAll()) throws -> TreeListing {
    try TreeWalker(workspace: dir.path, snapshotter: FileSnapshotter(statCache: StatCache())).walk(
      root: "", filter: filter)
  }

  @Test func entriesAreSortedByPathBytes() throws {
    let dir = TemporaryDirectory()
    for p in ["a.txt", "a/b", "B", "é.txt", "a-b", "z/y/x"] { dir.write(p, p) }
    let listing = try walk(dir)
    #expect(listing.entries.map(\.path) == ["B", "a-b", "a.txt", "a/b", "z/y/x", "é.txt"])
  }

  @Test func symlinkInsideIsItsTargetsContent() throws {
    let dir = TemporaryDirectory()
    dir.write("real.txt", "content")
    symlink("real.txt", dir.url("link.txt"))
    let listing = try walk(dir)
    let link = try #require(listing.entries.first { $0.path == "link.txt" })
    let real = try #require(listing.entries.first { $0.path == "real.txt" })
    #expect(link.digest == real.digest)
    #expect(link.sourcePath == dir.url("real.txt"))
  }

  @Test func escapingDanglingAndDirectorySymlinksAreErrorsNamingTheLink() throws {
    let outside = TemporaryDirectory()
    outside.write("secret", "x")
    let dir = TemporaryDirectory()
    symlink(outside.url("secret"), dir.url("escape"))
    #expect { try walk(dir) } throws: { "\($0)".contains(dir.url("escape")) && "\($0)".contains("outside") }
    let dangling = TemporaryDirectory()
    symlink("nowhere", dangling.url("dangling"))
    #expect { try walk(dangling) } throws: {
      "\($0)".contains(dangling.url("dangling")) && "\($0)".contains("points to nothing")
    }
    let dirLink = TemporaryDirectory()
    dirLink.write("d/f", "x")
    symlink("d", dirLink.url("alias"))
    #expect { try walk(dirLink) } throws: { "\($0)".contains(dirLink.url("alias")) }
  }

  @Test func excludedSymlinksAreNotResolved() throws {
    struct DropLinks: TreeFilter {
      func entering(directory: String, absolutePath: String, names: [String]) -> any TreeFilter { self }
      func excludes(_ path: String, isDirectory: Bool) -> Bool { path == "dangling" }
    }
    let dir = TemporaryDirectory()
    dir.write("ok", "x")
    symlink("nowhere", dir.url("dangling"))
    #expect(try walk(dir, filter: DropLinks()).entries.map(\.path) == ["ok"])
  }

  @Test func nonUTF8NamesAreRejectedWithAnEscapedName() throws {
    let dir = TemporaryDirectory()
    let name: [UInt8] = Array(dir.path.utf8) + Array("/bad-".utf8) + [0xFF] + Array(".txt".utf8)
    let fd = name.withUnsafeBufferPointer { buf -> Int32 in
      var cstr = Array(buf) + [0]
      return cstr.withUnsafeMutableBufferPointer {
        open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644)
      }
    }
    #expect(fd >= 0)
    close(fd)
    #expect { try walk(dir) } throws: { "\($0)".contains("bad-\\xff.txt") && "\($0)".contains("UTF-8") }
  }

  @Test func controlCharactersInNamesAreRejected() throws {
    let dir = TemporaryDirectory()
    dir.write("tab\there.txt", "x")
    #expect { try walk(dir) } throws: { "\($0)".contains("tab\\x09here.txt") && "\($0)".contains("control character") }
  }

  @Test func executableBitIsKept() throws {
    let dir = TemporaryDirectory()
    dir.write("run.sh", "#!/bin/sh", executable: true)
    dir.write("data.txt", "x")
    let listing = try walk(dir)
    #expect(listing.entries.map(\.isExecutable) == [false, true])
  }
}
