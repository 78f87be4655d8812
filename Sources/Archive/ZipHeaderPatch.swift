/// Rewrites the DOS timestamp in headers libarchive has produced (see
/// `DOSDateTime` for why), checking the layout so that a libarchive that
/// formats headers differently fails loudly instead of being corrupted.
nonisolated enum ZipHeaderPatch {
  private static let localHeaderSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
  private static let centralHeaderSignature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
  private static let zip64EndSignature: [UInt8] = [0x50, 0x4B, 0x06, 0x06]
  private static let endSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]

  /// Patches the bytes `archive_write_header` produced for one entry: a
  /// 30-byte local file header followed by the name and extra fields.
  static func patchLocalHeader(_ bytes: inout [UInt8], timestamp: DOSDateTime, path: String) throws {
    guard bytes.count >= 30, hasSignature(bytes, at: 0, localHeaderSignature) else {
      throw unexpected(path: path, "archive_write_header did not produce a local file header")
    }
    let expected = 30 + littleEndian16(bytes, at: 26) + littleEndian16(bytes, at: 28)
    guard expected == bytes.count else {
      throw unexpected(path: path, "local file header is \(bytes.count) bytes, its fields say \(expected)")
    }
    bytes.replaceSubrange(10..<14, with: timestamp.headerBytes)
  }

  /// Patches the bytes `archive_write_close` produced: the central directory
  /// (one record per entry) followed by the end-of-central-directory records.
  static func patchCentralDirectory(_ bytes: inout [UInt8], timestamp: DOSDateTime, entryCount: Int) throws {
    var offset = 0
    var records = 0
    while hasSignature(bytes, at: offset, centralHeaderSignature) {
      guard offset + 46 <= bytes.count else {
        throw unexpected(path: nil, "truncated central directory record \(records)")
      }
      let end =
        offset + 46 + littleEndian16(bytes, at: offset + 28)
        + littleEndian16(bytes, at: offset + 30) + littleEndian16(bytes, at: offset + 32)
      guard end <= bytes.count else {
        throw unexpected(path: nil, "central directory record \(records) overruns the output")
      }
      bytes.replaceSubrange((offset + 12)..<(offset + 16), with: timestamp.headerBytes)
      offset = end
      records += 1
    }
    guard records == entryCount else {
      throw unexpected(path: nil, "central directory has \(records) records for \(entryCount) entries")
    }
    guard hasSignature(bytes, at: offset, endSignature) || hasSignature(bytes, at: offset, zip64EndSignature) else {
      throw unexpected(path: nil, "no end-of-central-directory record after the central directory")
    }
  }

  private static func hasSignature(_ bytes: [UInt8], at offset: Int, _ signature: [UInt8]) -> Bool {
    offset + signature.count <= bytes.count && bytes[offset..<(offset + signature.count)].elementsEqual(signature)
  }

  private static func littleEndian16(_ bytes: [UInt8], at offset: Int) -> Int {
    Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
  }

  private static func unexpected(path: String?, _ message: String) -> ArchiveError {
    ArchiveError(kind: .unexpectedOutput, path: path, message: message)
  }
}
