/// The central directory of a zip this module wrote, with the byte range of every entry's
/// local record (header, data and data descriptor).
///
/// It lets an archive be rebuilt incrementally: records of unchanged entries are copied as
/// they are and only the central directory is rewritten (``ZipAssembler``). It understands
/// exactly the layout ``ZipWriter`` produces — contiguous records, no zip64, and at most an
/// archive comment (``ZipComment``) — and rejects anything else, so callers fall back to
/// writing from scratch.
nonisolated public struct ZipDirectory: Sendable {
  nonisolated public struct Entry: Sendable {
    public let path: String
    /// Start of the local file header.
    public let recordStart: Int
    /// End of the record: the next record's start, or the central directory's.
    public let recordEnd: Int
    /// The entry's central-directory record, as written.
    public let centralRecord: [UInt8]
  }

  public let entries: [Entry]

  static let endSignature: UInt32 = 0x0605_4B50
  static let centralSignature: UInt32 = 0x0201_4B50
  static let localSignature: UInt32 = 0x0403_4B50
  static let endRecordSize = 22
  static let centralFixedSize = 46

  /// Parses the archive held in `bytes`.
  /// - Throws: ``ArchiveError`` (`.unexpectedOutput`) for anything but this module's layout.
  public init(_ bytes: UnsafeRawBufferPointer) throws {
    func fail(_ why: String) -> ArchiveError {
      ArchiveError(kind: .unexpectedOutput, path: nil, message: "not a zip this tool wrote: \(why)")
    }
    let n = bytes.count
    guard n >= Self.endRecordSize else { throw fail("too short") }
    // The end record is followed only by the archive comment, whose length it states.
    var end = n - Self.endRecordSize
    while end >= 0, !(bytes.le32(end) == Self.endSignature && Int(bytes.le16(end + 20)) == n - end - Self.endRecordSize)
    {
      end -= 1
      if n - end > Self.endRecordSize + Int(UInt16.max) { end = -1 }
    }
    guard end >= 0 else {
      throw fail("no end record at the end of the file")
    }
    let count = Int(bytes.le16(end + 10))
    let directorySize = Int(bytes.le32(end + 12))
    let directoryOffset = Int(bytes.le32(end + 16))
    guard bytes.le16(end + 8) == count, directoryOffset + directorySize == end,
      directoryOffset != 0xFFFF_FFFF
    else { throw fail("inconsistent end record") }

    var entries: [Entry] = []
    entries.reserveCapacity(count)
    var starts: [Int] = []
    var cursor = directoryOffset
    for _ in 0..<count {
      guard cursor + Self.centralFixedSize <= end, bytes.le32(cursor) == Self.centralSignature else {
        throw fail("bad central directory record")
      }
      let compressed = bytes.le32(cursor + 20)
      let uncompressed = bytes.le32(cursor + 24)
      let nameLength = Int(bytes.le16(cursor + 28))
      let extraLength = Int(bytes.le16(cursor + 30))
      let commentLength = Int(bytes.le16(cursor + 32))
      let localOffset = bytes.le32(cursor + 42)
      guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, localOffset != 0xFFFF_FFFF else {
        throw fail("zip64 entries")
      }
      let length = Self.centralFixedSize + nameLength + extraLength + commentLength
      guard cursor + length <= end else { throw fail("central record past its end") }
      let name = UnsafeRawBufferPointer(rebasing: bytes[(cursor + 46)..<(cursor + 46 + nameLength)])
      let start = Int(localOffset)
      guard starts.last.map({ $0 < start }) ?? (start == 0), start < directoryOffset,
        bytes.le32(start) == Self.localSignature
      else { throw fail("records out of order") }
      starts.append(start)
      entries.append(
        Entry(
          path: String(decoding: name, as: UTF8.self), recordStart: start, recordEnd: 0,
          centralRecord: Array(UnsafeRawBufferPointer(rebasing: bytes[cursor..<(cursor + length)]))))
      cursor += length
    }
    guard cursor == end else { throw fail("trailing bytes in the central directory") }
    self.entries = entries.enumerated().map { i, e in
      Entry(
        path: e.path, recordStart: e.recordStart,
        recordEnd: i + 1 < starts.count ? starts[i + 1] : directoryOffset,
        centralRecord: e.centralRecord)
    }
  }
}

/// Writes a zip from whole local records and their central-directory records, patching
/// each record's offset: the second half of an incremental rebuild.
///
/// The output is byte-identical to ``ZipWriter`` writing the same entries in one go,
/// because each record depends only on its own entry, and the end record carries nothing
/// but counts, sizes and offsets.
nonisolated public final class ZipAssembler {
  private let sink: (UnsafeRawBufferPointer) throws -> Void
  private var central: [UInt8] = []
  private var offset = 0
  private var count = 0

  public init(sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
    self.sink = sink
  }

  /// Appends one entry: its local record bytes and its central-directory record.
  public func append(record: UnsafeRawBufferPointer, centralRecord: [UInt8]) throws {
    guard offset < 0xFFFF_FFFF, count < 0xFFFF, centralRecord.count >= ZipDirectory.centralFixedSize else {
      throw ArchiveError(kind: .invalidState, path: nil, message: "archive too large to assemble without zip64")
    }
    var patched = centralRecord
    patched.setLE32(UInt32(offset), at: 42)
    central += patched
    var start = 0
    while start < record.count {
      let end = min(start + (1 << 20), record.count)
      try sink(UnsafeRawBufferPointer(rebasing: record[start..<end]))
      start = end
    }
    offset += record.count
    count += 1
  }

  /// Writes the central directory and the end record.
  public func finish() throws {
    guard offset < 0xFFFF_FFFF else {
      throw ArchiveError(kind: .invalidState, path: nil, message: "archive too large to assemble without zip64")
    }
    var end = [UInt8](repeating: 0, count: ZipDirectory.endRecordSize)
    end.setLE32(ZipDirectory.endSignature, at: 0)
    end.setLE16(UInt16(count), at: 8)
    end.setLE16(UInt16(count), at: 10)
    end.setLE32(UInt32(central.count), at: 12)
    end.setLE32(UInt32(offset), at: 16)
    try central.withUnsafeBytes { try sink($0) }
    try end.withUnsafeBytes { try sink($0) }
  }
}

extension UnsafeRawBufferPointer {
  nonisolated func le16(_ at: Int) -> UInt16 {
    UInt16(self[at]) | UInt16(self[at + 1]) << 8
  }

  nonisolated func le32(_ at: Int) -> UInt32 {
    UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3]) << 24
  }
}

extension Array where Element == UInt8 {
  nonisolated mutating func setLE16(_ v: UInt16, at: Int) {
    self[at] = UInt8(v & 0xFF)
    self[at + 1] = UInt8(v >> 8)
  }

  nonisolated mutating func setLE32(_ v: UInt32, at: Int) {
    for i in 0..<4 { self[at + i] = UInt8((v >> (8 * UInt32(i))) & 0xFF) }
  }
}
