import CArchive
import Glibc

/// Writes a deterministic zip archive through libarchive.
///
/// Entries appear in the order they are added (callers sort them). Every entry
/// is a regular file with the same modification time, uid/gid 0, no user or
/// group names, mode 0644 or 0755 and a UTF-8 name, so the bytes depend only on
/// the names, contents, flags and `modificationTime` (and on the zlib build,
/// for deflated entries). libarchive adds two extra fields to every header,
/// both fixed by those inputs: "UT" (0x5455, the modification time) and "ux"
/// (0x7875, uid and gid). Sizes and CRCs follow each entry in a data
/// descriptor. zip64 fields are left to libarchive's default: they appear only
/// for huge entries (deflated from 3.75 GiB, stored from 4 GiB) or archives
/// beyond 4 GiB. The DOS timestamp libarchive puts in every header depends on
/// the process time zone, so it is rewritten to UTC before the sink sees it
/// (see `DOSDateTime`).
///
/// A writer is owned by one thread. If any call throws, the sink has already
/// received part of an entry, so the writer refuses further use and the
/// output must be discarded.
///
/// The Archive module's declarations are explicitly `nonisolated` so they stay
/// callable from any isolation domain, and libarchive's C callback can reach
/// the writer, even in a target whose default actor isolation is MainActor.
nonisolated public final class ZipWriter {
  /// 1980-01-01T00:00:00Z: DOS timestamps cannot express earlier dates.
  /// Callers honouring `SOURCE_DATE_EPOCH` should clamp to this.
  public static let earliestModificationTime: Int64 = 315_532_800
  /// 2038-01-19T03:14:07Z: the "UT" extra field is a signed 32-bit time.
  public static let latestModificationTime: Int64 = 2_147_483_647

  /// Bytes coalesced before calling the sink, so that the small header and
  /// descriptor writes libarchive makes per entry do not each reach it.
  private static let outputBufferSize = 64 * 1024

  private enum State {
    case open, finished, failed
  }

  private let library: ArchiveLibrary
  private let archive: OpaquePointer
  private let entry: OpaquePointer
  private let modificationTime: Int64
  private let timestamp: DOSDateTime
  private let sink: (UnsafeRawBufferPointer) throws -> Void
  private let outputBuffer: UnsafeMutableRawBufferPointer
  private var outputCount = 0
  private var state = State.open
  /// While non-nil, libarchive's output is collected here instead of being
  /// sent on, so header timestamps can be patched before the sink sees them.
  private var captured: [UInt8]?
  /// The first error the sink threw inside libarchive's write callback,
  /// which cannot throw; rethrown once the libarchive call returns.
  private var sinkError: (any Error)?
  private var entryCount = 0

  /// - Parameters:
  ///   - modificationTime: seconds since the epoch given to every entry,
  ///     e.g. `SOURCE_DATE_EPOCH` or a fixed constant; must lie between
  ///     `earliestModificationTime` and `latestModificationTime`.
  ///   - sink: receives every byte of the archive, in order, in chunks of at
  ///     most 64 KiB unless an entry's data arrives in larger pieces.
  ///     Throwing aborts the archive; the error is rethrown unchanged by the
  ///     `ZipWriter` call that was running.
  public init(modificationTime: Int64, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
    guard (Self.earliestModificationTime...Self.latestModificationTime).contains(modificationTime),
      let timestamp = DOSDateTime(unixTime: modificationTime)
    else {
      throw ArchiveError(
        kind: .invalidArgument, path: nil,
        message: "modification time \(modificationTime) is outside the zip range "
          + "\(Self.earliestModificationTime)...\(Self.latestModificationTime)")
    }
    let library = try ArchiveLibrary.shared()
    let api = library.api
    guard let archive = api.write_new() else {
      throw ArchiveError(kind: .libarchive, path: nil, message: "archive_write_new failed")
    }
    guard let entry = api.entry_new() else {
      _ = api.write_free(archive)
      throw ArchiveError(kind: .libarchive, path: nil, message: "archive_entry_new failed")
    }
    self.library = library
    self.archive = archive
    self.entry = entry
    self.modificationTime = modificationTime
    self.timestamp = timestamp
    self.sink = sink
    self.outputBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.outputBufferSize, alignment: 16)

    // From here on a throw runs deinit, which releases the libarchive objects.
    try check(api.write_set_format_zip(archive), "archive_write_set_format_zip")
    // Names are handed over as UTF-8 and stored as UTF-8 with the
    // language-encoding flag (bit 11) set for non-ASCII names.
    try check(api.write_set_format_option(archive, "zip", "hdrcharset", "UTF-8"), "hdrcharset option")
    try check(api.write_set_format_option(archive, "zip", "compression-level", "6"), "compression-level option")
    // No blocking: each libarchive output call reaches the write callback
    // during the libarchive call that produced it, which header patching
    // relies on, and no padding is added at the end.
    try check(api.write_set_bytes_per_block(archive, 0), "archive_write_set_bytes_per_block")
    try check(api.write_set_bytes_in_last_block(archive, 1), "archive_write_set_bytes_in_last_block")
    // Unretained: libarchive only calls back during calls made by this
    // object's methods, and deinit makes sure nothing is written after.
    let client = Unmanaged.passUnretained(self).toOpaque()
    try check(api.write_open2(archive, client, nil, zipWriterOutput, nil, nil), "archive_write_open2")
  }

  deinit {
    let api = library.api
    if state != .finished {
      // Marks the archive fatal so freeing it writes no central directory.
      _ = api.write_fail(archive)
    }
    _ = api.write_free(archive)
    api.entry_free(entry)
    outputBuffer.deallocate()
  }

  /// Adds a regular file of exactly `size` bytes.
  ///
  /// `contents` streams the data by calling `write` with consecutive chunks
  /// (any sizes); writing fewer or more than `size` bytes in total throws an
  /// `ArchiveError` of kind `.sizeMismatch` naming `path`.
  public func addFile(
    path: String,
    executable: Bool,
    size: Int,
    compression: ZipCompression,
    contents: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
  ) throws {
    try requireOpen(path: path)
    try validate(path: path, size: size)
    do {
      try writeHeader(path: path, executable: executable, size: size, compression: compression)
      var written = 0
      try contents { chunk in
        guard chunk.count <= size - written else {
          throw ArchiveError(
            kind: .sizeMismatch, path: path,
            message: "contents wrote more than the declared \(size) bytes")
        }
        try self.writeData(chunk, path: path)
        written += chunk.count
      }
      guard written == size else {
        throw ArchiveError(
          kind: .sizeMismatch, path: path,
          message: "contents wrote \(written) bytes, but \(size) were declared")
      }
      try check(library.api.write_finish_entry(archive), "archive_write_finish_entry", path: path)
      entryCount += 1
    } catch {
      markFailed()
      throw error
    }
  }

  /// Writes the central directory and hands the remaining bytes to the sink.
  /// The writer cannot be used afterwards.
  public func finish() throws {
    try requireOpen(path: nil)
    do {
      captured = []
      let status = library.api.write_close(archive)
      var tail = captured ?? []
      captured = nil
      try throwIfFailed(status: Int(status), path: nil, "archive_write_close")
      try ZipHeaderPatch.patchCentralDirectory(&tail, timestamp: timestamp, entryCount: entryCount)
      try tail.withUnsafeBytes { try emit($0) }
      try flushOutput()
      state = .finished
    } catch {
      markFailed()
      throw error
    }
  }

  /// Called by `zipWriterOutput` for every chunk libarchive produces.
  /// Returns the byte count on success and -1 to make libarchive abort.
  fileprivate func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
    guard sinkError == nil else {
      return -1
    }
    do {
      try emit(bytes)
      return bytes.count
    } catch {
      sinkError = error
      return -1
    }
  }

  private func writeHeader(path: String, executable: Bool, size: Int, compression: ZipCompression) throws {
    let api = library.api
    switch compression {
    case .store:
      try check(api.write_zip_set_compression_store(archive), "archive_write_zip_set_compression_store", path: path)
    case .deflate:
      try check(api.write_zip_set_compression_deflate(archive), "archive_write_zip_set_compression_deflate", path: path)
    }
    // clear() also drops names, atime/ctime and anything else libarchive
    // would otherwise put into the headers.
    _ = api.entry_clear(entry)
    path.withCString { api.entry_set_pathname_utf8(entry, $0) }
    api.entry_set_filetype(entry, UInt32(synapse_AE_IFREG))
    api.entry_set_perm(entry, executable ? 0o755 : 0o644)
    api.entry_set_size(entry, Int64(size))
    api.entry_set_mtime(entry, time_t(modificationTime), 0)
    api.entry_set_uid(entry, 0)
    api.entry_set_gid(entry, 0)

    captured = []
    let status = api.write_header(archive, entry)
    var header = captured ?? []
    captured = nil
    try throwIfFailed(status: Int(status), path: path, "archive_write_header")
    try ZipHeaderPatch.patchLocalHeader(&header, timestamp: timestamp, path: path)
    try header.withUnsafeBytes { try emit($0) }
  }

  private func writeData(_ chunk: UnsafeRawBufferPointer, path: String) throws {
    var remaining = chunk
    while let base = remaining.baseAddress, !remaining.isEmpty {
      let written = library.api.write_data(archive, base, remaining.count)
      // 0 would mean libarchive refuses more data; treat it as fatal rather than loop.
      let status = written > 0 ? Int(ARCHIVE_OK) : (written < 0 ? written : Int(ARCHIVE_FATAL))
      try throwIfFailed(status: status, path: path, "archive_write_data")
      remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
    }
  }

  /// Rethrows a captured sink error first: it explains the failure better
  /// than libarchive's generic message about a failed write.
  private func throwIfFailed(status: Int, path: String?, _ operation: String) throws {
    if let error = sinkError {
      sinkError = nil
      throw error
    }
    // ARCHIVE_WARN counts as failure too: it signals e.g. a name that
    // could not be converted, which would make the output unreliable.
    guard status == Int(ARCHIVE_OK) else {
      throw ArchiveError(
        kind: .libarchive, path: path,
        message: "\(operation) failed: \(library.errorMessage(archive, status: status))")
    }
  }

  private func check(_ status: Int32, _ operation: String, path: String? = nil) throws {
    try throwIfFailed(status: Int(status), path: path, operation)
  }

  private func emit(_ bytes: UnsafeRawBufferPointer) throws {
    if captured != nil {
      captured?.append(contentsOf: bytes)
      return
    }
    if outputCount + bytes.count > outputBuffer.count {
      try flushOutput()
      if bytes.count >= outputBuffer.count {
        // Large data (stored entries) goes straight through, uncopied.
        try sink(bytes)
        return
      }
    }
    UnsafeMutableRawBufferPointer(rebasing: outputBuffer[outputCount...]).copyMemory(from: bytes)
    outputCount += bytes.count
  }

  private func flushOutput() throws {
    guard outputCount > 0 else {
      return
    }
    let pending = UnsafeRawBufferPointer(rebasing: outputBuffer[..<outputCount])
    outputCount = 0
    try sink(pending)
  }

  private func requireOpen(path: String?) throws {
    switch state {
    case .open:
      return
    case .finished:
      throw ArchiveError(kind: .invalidState, path: path, message: "the zip writer has already finished")
    case .failed:
      throw ArchiveError(kind: .invalidState, path: path, message: "the zip writer failed earlier and cannot continue")
    }
  }

  private func validate(path: String, size: Int) throws {
    let utf8 = path.utf8
    var problem: String?
    if utf8.isEmpty {
      problem = "entry path is empty"
    } else if utf8.contains(0) {
      problem = "entry path contains a NUL byte"
    } else if utf8.count > Int(UInt16.max) {
      problem = "entry path is longer than 65535 bytes"
    } else if utf8.last == UInt8(ascii: "/") {
      problem = "entry path ends with '/', which readers take for a directory"
    } else if size < 0 {
      problem = "size \(size) is negative"
    } else if !library.hasUTF8CharacterType, utf8.contains(where: { $0 >= 0x80 }) {
      problem = "non-ASCII entry paths need a UTF-8 LC_CTYPE, and C.UTF-8 could not be selected"
    }
    if let problem {
      throw ArchiveError(kind: .invalidArgument, path: path, message: problem)
    }
  }

  private func markFailed() {
    guard state == .open else {
      return
    }
    state = .failed
    _ = library.api.write_fail(archive)
  }
}

/// libarchive's write callback. A free function so that it captures nothing,
/// as `@convention(c)` requires, and stays nonisolated whatever the module's
/// default actor isolation is.
private nonisolated func zipWriterOutput(
  _ archive: OpaquePointer?, _ clientData: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int
) -> Int {
  guard let clientData else {
    return -1
  }
  let writer = Unmanaged<ZipWriter>.fromOpaque(clientData).takeUnretainedValue()
  return writer.receive(UnsafeRawBufferPointer(start: length > 0 ? buffer : nil, count: length))
}

extension ZipWriter {
  /// Makes the process keep freed heap memory rather than hand it back to the kernel after
  /// every entry (see `synapse_archive_retain_freed_memory`): about 2× faster for archives
  /// of many small deflated files. Process-wide, so the caller decides; a short-lived
  /// command-line process loses nothing by it.
  public static func retainFreedMemory() {
    synapse_archive_retain_freed_memory()
  }
}

extension ZipWriter {
  /// libarchive's version and those of the compressors it was built with (zlib decides the
  /// deflated bytes), so reused output is only ever combined with output of the same build.
  public static func libraryVersion() throws -> String {
    let library = try ArchiveLibrary.shared()
    guard let details = library.api.version_details() else { return "unknown" }
    return String(cString: details)
  }
}
