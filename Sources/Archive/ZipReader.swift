import CArchive
import Glibc

/// Reads zip archives through libarchive, to verify what `ZipWriter` produced.
///
/// The seekable zip reader is used: it trusts the central directory, which is
/// where modes (external attributes) live and what unzip and Python read.
nonisolated public enum ZipReader {
  /// Metadata of every entry, in central-directory order.
  public static func entries(atPath path: String) throws -> [ZipEntryInfo] {
    var result: [ZipEntryInfo] = []
    try forEachEntry(atPath: path, readingData: false) { info, _ in
      result.append(info)
    }
    return result
  }

  /// Name and decompressed bytes of every entry, in central-directory order.
  /// libarchive verifies each entry's CRC-32 while decompressing.
  public static func contents(atPath path: String) throws -> [(path: String, bytes: [UInt8])] {
    var result: [(path: String, bytes: [UInt8])] = []
    try forEachEntry(atPath: path, readingData: true) { info, bytes in
      result.append((path: info.path, bytes: bytes))
    }
    return result
  }

  private static func forEachEntry(
    atPath path: String, readingData: Bool, _ body: (ZipEntryInfo, [UInt8]) -> Void
  ) throws {
    let library = try ArchiveLibrary.shared()
    let api = library.api
    guard let archive = api.read_new() else {
      throw ArchiveError(kind: .libarchive, path: path, message: "archive_read_new failed")
    }
    defer { _ = api.read_free(archive) }

    func check(_ status: Int32, _ operation: String, entryPath: String? = nil) throws {
      guard status == ARCHIVE_OK else {
        let subject = entryPath.map { "\(path): \($0)" } ?? path
        throw ArchiveError(
          kind: .libarchive, path: subject,
          message: "\(operation) failed: \(library.errorMessage(archive, status: Int(status)))")
      }
    }

    try check(api.read_support_format_zip_seekable(archive), "archive_read_support_format_zip_seekable")
    try check(api.read_open_filename(archive, path, 64 * 1024), "archive_read_open_filename")
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      var entryPointer: OpaquePointer?
      let status = api.read_next_header(archive, &entryPointer)
      if status == ARCHIVE_EOF {
        return
      }
      try check(status, "archive_read_next_header")
      guard let entry = entryPointer else {
        throw ArchiveError(kind: .libarchive, path: path, message: "archive_read_next_header returned no entry")
      }
      let info = entryInfo(entry, api: api, archive: archive)
      var bytes: [UInt8] = []
      if readingData {
        bytes.reserveCapacity(info.size)
        while true {
          let count = chunk.withUnsafeMutableBytes { buffer in
            api.read_data(archive, buffer.baseAddress, buffer.count)
          }
          if count == 0 {
            break
          }
          try check(count > 0 ? ARCHIVE_OK : Int32(count), "archive_read_data", entryPath: info.path)
          bytes.append(contentsOf: chunk[..<count])
        }
      } else {
        try check(api.read_data_skip(archive), "archive_read_data_skip", entryPath: info.path)
      }
      body(info, bytes)
    }
  }

  private static func entryInfo(_ entry: OpaquePointer, api: synapse_archive_api, archive: OpaquePointer)
    -> ZipEntryInfo
  {
    let name = api.entry_pathname_utf8(entry) ?? api.entry_pathname(entry)
    let method = api.format_name(archive).map { methodName(fromFormatName: String(cString: $0)) } ?? ""
    let compression: ZipCompression? =
      switch method {
      case "uncompressed": .store
      case "deflation": .deflate
      default: nil
      }
    return ZipEntryInfo(
      path: name.map { String(cString: $0) } ?? "",
      size: api.entry_size_is_set(entry) != 0 ? Int(api.entry_size(entry)) : 0,
      compression: compression,
      methodName: method,
      mode: UInt32(api.entry_mode(entry)),
      modificationTime: Int64(api.entry_mtime(entry)),
      uid: Int64(api.entry_uid(entry)),
      gid: Int64(api.entry_gid(entry)))
  }

  /// The zip reader names the format per entry, e.g. "ZIP 2.0 (deflation)";
  /// the parenthesised part is the only place libarchive reports the method.
  private static func methodName(fromFormatName formatName: String) -> String {
    guard let open = formatName.firstIndex(of: "("), let close = formatName.lastIndex(of: ")"), open < close else {
      return formatName
    }
    return String(formatName[formatName.index(after: open)..<close])
  }
}
