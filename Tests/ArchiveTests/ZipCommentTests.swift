import Archive
import Testing

/// An archive comment added while streaming, and archives with one still rebuilt
/// incrementally (their directory parsed).
@Suite struct ZipCommentTests {
  func zip(comment: String?) throws -> [UInt8] {
    var bytes: [UInt8] = []
    let output: (UnsafeRawBufferPointer) throws -> Void = { bytes += $0 }
    let commented = try comment.map { try ZipComment($0, sink: output) }
    let sink: (UnsafeRawBufferPointer) throws -> Void = { chunk in
      if let commented { try commented.write(chunk) } else { try output(chunk) }
    }
    let writer = try ZipWriter(modificationTime: ZipWriter.earliestModificationTime, sink: sink)
    try add(TestEntry(path: "a.txt", bytes: Array("hello".utf8)), to: writer)
    try add(TestEntry(path: "b/c.txt", bytes: Array(repeating: 7, count: 70_000), chunkSize: 4096), to: writer)
    try writer.finish()
    try commented?.finish()
    return bytes
  }

  @Test func theCommentIsAppendedAndTheDirectoryStillParses() throws {
    let plain = try zip(comment: nil)
    let commented = try zip(comment: "git commit 0123456789abcdef0123456789abcdef01234567")
    #expect(commented.count == plain.count + 51)
    #expect(Array(commented.prefix(plain.count - 2)) == Array(plain.prefix(plain.count - 2)))
    #expect(String(decoding: commented.suffix(51), as: UTF8.self).hasPrefix("git commit 0123"))
    let directory = try commented.withUnsafeBytes { try ZipDirectory($0) }
    #expect(directory.entries.map(\.path) == ["a.txt", "b/c.txt"])
    let plainDirectory = try plain.withUnsafeBytes { try ZipDirectory($0) }
    #expect(plainDirectory.entries.map(\.recordEnd) == directory.entries.map(\.recordEnd))
  }

  @Test func aTruncatedOrForeignEndIsRejected() throws {
    var broken = try zip(comment: "x")
    broken.removeLast()
    #expect(throws: (any Error).self) { try broken.withUnsafeBytes { try ZipDirectory($0) } }
  }
}
