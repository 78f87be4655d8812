@testable import Archive
import Foundation
import Testing

@Suite struct ZipWriterErrorTests {
  static let blob = TestEntry(
    path: "big.whl", bytes: pseudoRandomBytes(count: 256 * 1024, seed: 3), compression: .store)

  @Test func sinkErrorDuringDataIsRethrownUnchanged() throws {
    var received = 0
    let writer = try ZipWriter(modificationTime: 1_700_000_000) { bytes in
      received += bytes.count
      throw TestFailure(reason: "disk full")
    }
    #expect(throws: TestFailure(reason: "disk full")) {
      try add(Self.blob, to: writer)
    }
    #expect(received > 0)
    // Part of an entry already reached the sink: the writer stays unusable.
    let error = #expect(throws: ArchiveError.self) {
      try add(TestEntry(path: "next.txt", bytes: [1]), to: writer)
    }
    #expect(error?.kind == .invalidState)
    #expect(throws: ArchiveError.self) { try writer.finish() }
  }

  @Test func sinkErrorDuringFinishIsRethrownUnchanged() throws {
    // Small entries stay in the writer's buffer until finish() flushes.
    let writer = try ZipWriter(modificationTime: 1_700_000_000) { _ in
      throw TestFailure(reason: "closed pipe")
    }
    try add(TestEntry(path: "small.txt", bytes: Array("small".utf8)), to: writer)
    #expect(throws: TestFailure(reason: "closed pipe")) {
      try writer.finish()
    }
  }

  @Test func contentsWritingTooFewBytesNamesThePath() throws {
    var output: [UInt8] = []
    let writer = try ZipWriter(modificationTime: 1_700_000_000) { output.append(contentsOf: $0) }
    let error = #expect(throws: ArchiveError.self) {
      try writer.addFile(path: "docs/short.txt", executable: false, size: 10, compression: .deflate) { write in
        try [UInt8](repeating: 65, count: 4).withUnsafeBytes { try write($0) }
      }
    }
    #expect(error?.kind == .sizeMismatch)
    #expect(error?.path == "docs/short.txt")
    #expect(error?.description.contains("docs/short.txt") == true)
    #expect(error?.description.contains("4 bytes") == true)
  }

  @Test func contentsWritingTooManyBytesNamesThePath() throws {
    let writer = try ZipWriter(modificationTime: 1_700_000_000) { _ in }
    var calls = 0
    let error = #expect(throws: ArchiveError.self) {
      try writer.addFile(path: "long.txt", executable: false, size: 5, compression: .store) { write in
        for _ in 0..<3 {
          calls += 1
          try [UInt8](repeating: 66, count: 4).withUnsafeBytes { try write($0) }
        }
      }
    }
    #expect(error?.kind == .sizeMismatch)
    #expect(error?.description.contains("long.txt") == true)
    #expect(calls == 2, "the overflowing write throws immediately")
  }

  @Test func errorThrownByContentsPropagatesUnchanged() throws {
    let writer = try ZipWriter(modificationTime: 1_700_000_000) { _ in }
    #expect(throws: TestFailure(reason: "read failed")) {
      try writer.addFile(path: "x.txt", executable: false, size: 3, compression: .deflate) { _ in
        throw TestFailure(reason: "read failed")
      }
    }
    let error = #expect(throws: ArchiveError.self) { try writer.finish() }
    #expect(error?.kind == .invalidState)
  }

  @Test func unrepresentableArgumentsAreRejected() throws {
    let tooEarly = #expect(throws: ArchiveError.self) {
      _ = try ZipWriter(modificationTime: 0) { _ in }
    }
    #expect(tooEarly?.kind == .invalidArgument)
    #expect(throws: ArchiveError.self) {
      _ = try ZipWriter(modificationTime: ZipWriter.latestModificationTime + 1) { _ in }
    }
    for path in ["", "dir/", "nul\u{0}byte"] {
      let writer = try ZipWriter(modificationTime: ZipWriter.earliestModificationTime) { _ in }
      let error = #expect(throws: ArchiveError.self) {
        try add(TestEntry(path: path, bytes: []), to: writer)
      }
      #expect(error?.kind == .invalidArgument, "\(path.debugDescription)")
    }
  }

  @Test func abandonedWriterWritesNoCentralDirectory() throws {
    var output: [UInt8] = []
    do {
      let writer = try ZipWriter(modificationTime: 1_700_000_000) { output.append(contentsOf: $0) }
      try add(Self.blob, to: writer)
    }
    let endOfCentralDirectory: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    #expect(!output.isEmpty)
    #expect(!output.suffix(22).starts(with: endOfCentralDirectory))
    #expect(output.firstRange(of: endOfCentralDirectory) == nil)
  }

  @Test func finishingTwiceIsRejected() throws {
    let writer = try ZipWriter(modificationTime: 1_700_000_000) { _ in }
    try writer.finish()
    let error = #expect(throws: ArchiveError.self) { try writer.finish() }
    #expect(error?.kind == .invalidState)
  }

  @Test func emptyArchiveIsValid() throws {
    let bytes = try zipBytes([])
    #expect(bytes.count == 22, "just the end-of-central-directory record")
  }

  @Test func readerReportsTheArchivePathOnFailure() throws {
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("not-a.zip").path
      try Data("this is not a zip archive".utf8).write(to: URL(fileURLWithPath: path))
      let error = #expect(throws: ArchiveError.self) { try ZipReader.entries(atPath: path) }
      #expect(error?.kind == .libarchive)
      #expect(error?.description.hasPrefix(path) == true)
    }
  }

  @Test func missingLibraryMessageSaysWhatToInstall() {
    let error = ArchiveError.libraryUnavailable(detail: "libarchive.so.13: cannot open shared object file")
    #expect(
      error.description
        == "libarchive.so.13 could not be loaded (libarchive.so.13: cannot open shared object file); "
        + "install the libarchive13 package")
  }
}
