/// Adds an archive comment to a zip as it streams out: the last 22 bytes (the end record,
/// written with an empty comment by ``ZipWriter`` and ``ZipAssembler``) are held back, their
/// comment length set, and the comment appended. Everything before passes straight through,
/// so a 50 MiB archive is never held in memory and stays byte-identical for the same
/// content and comment.
nonisolated public final class ZipComment {
  private let comment: [UInt8]
  private let sink: (UnsafeRawBufferPointer) throws -> Void
  private var held: [UInt8] = []

  /// - Parameter comment: At most 65,535 bytes of UTF-8.
  public init(_ comment: String, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
    self.comment = Array(comment.utf8)
    guard self.comment.count <= Int(UInt16.max) else {
      throw ArchiveError(kind: .invalidState, path: nil, message: "zip comment longer than 65535 bytes")
    }
    self.sink = sink
  }

  /// Takes the next chunk of the archive.
  public func write(_ chunk: UnsafeRawBufferPointer) throws {
    let size = ZipDirectory.endRecordSize
    guard chunk.count >= size else {
      held += chunk
      if held.count > size {
        let passing = held.count - size
        try held.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[..<passing])) }
        held.removeFirst(passing)
      }
      return
    }
    // A large chunk passes through without a copy; only its last 22 bytes are kept.
    if !held.isEmpty { try held.withUnsafeBytes { try sink($0) } }
    try sink(UnsafeRawBufferPointer(rebasing: chunk[..<(chunk.count - size)]))
    held = Array(chunk[(chunk.count - size)...])
  }

  /// Writes the end record with the comment's length, then the comment.
  public func finish() throws {
    guard held.count == ZipDirectory.endRecordSize,
      held.withUnsafeBytes({ $0.le32(0) == ZipDirectory.endSignature && $0.le16(20) == 0 })
    else {
      throw ArchiveError(
        kind: .unexpectedOutput, path: nil, message: "the archive does not end with an empty-comment end record")
    }
    held.setLE16(UInt16(comment.count), at: 20)
    try (held + comment).withUnsafeBytes { try sink($0) }
  }
}
