import CArchive
import Glibc

/// The libarchive entry points, resolved at run time.
///
/// libarchive is `dlopen`ed rather than linked because linking it (and the
/// ~15 shared objects it depends on) costs every process about 2 ms at
/// start-up, including the many commands that never write an archive.
nonisolated struct ArchiveLibrary: Sendable {
  /// Function pointers filled in by `synapse_archive_load`.
  let api: synapse_archive_api

  /// Whether `LC_CTYPE` uses UTF-8, which libarchive needs for non-ASCII
  /// entry names (see `switchToUTF8CharacterTypeIfNeeded`).
  let hasUTF8CharacterType: Bool

  /// The loaded library, or the reason it is unavailable.
  ///
  /// Loading happens at most once per process; later calls return the cached
  /// result, so a missing library fails fast every time with the same error.
  static func shared() throws -> ArchiveLibrary {
    try loadedArchiveLibrary.get()
  }

  /// Loads libarchive; only `loadedArchiveLibrary` calls this.
  fileprivate static func load() -> Result<ArchiveLibrary, ArchiveError> {
    let hasUTF8CharacterType = switchToUTF8CharacterTypeIfNeeded()
    let api = UnsafeMutablePointer<synapse_archive_api>.allocate(capacity: 1)
    defer { api.deallocate() }
    var message = [CChar](repeating: 0, count: 1024)
    let status = message.withUnsafeMutableBufferPointer { buffer in
      synapse_archive_load(api, buffer.baseAddress, buffer.count)
    }
    guard status == 0 else {
      return .failure(.libraryUnavailable(detail: String(cStringBuffer: message)))
    }
    // synapse_archive_load has written every field of the (trivial) struct.
    return .success(ArchiveLibrary(api: api.pointee, hasUTF8CharacterType: hasUTF8CharacterType))
  }
}

/// Swift initialises globals lazily and exactly once, even under concurrent
/// first use, so this is the process-wide "load on first use" point.
private nonisolated let loadedArchiveLibrary: Result<ArchiveLibrary, ArchiveError> = ArchiveLibrary.load()

/// Switches `LC_CTYPE` to C.UTF-8 unless the process already uses a UTF-8
/// character type, and reports whether UTF-8 is now in effect.
///
/// Processes start in the "C" locale, whose character set is ASCII. There
/// libarchive 3.6.2 cannot convert non-ASCII names between UTF-8 and the
/// locale's multibyte form: `archive_entry_pathname_utf8` and
/// `archive_entry_pathname` return NULL (which crashes any caller that reads
/// the string, and has been seen to SIGSEGV inside libarchive), and the zip
/// reader reports ARCHIVE_WARN for such entries. Only the character type is
/// changed, so number and date formatting stay as they were. `setlocale`
/// affects the whole process and must not race with other threads'
/// locale-dependent calls, which is why it runs once, inside the lazy loader,
/// before any libarchive object exists.
private nonisolated func switchToUTF8CharacterTypeIfNeeded() -> Bool {
  if characterTypeIsUTF8() {
    return true
  }
  guard setlocale(LC_CTYPE, "C.UTF-8") != nil else {
    return false
  }
  return characterTypeIsUTF8()
}

private nonisolated func characterTypeIsUTF8() -> Bool {
  guard let codeset = nl_langinfo(nl_item(CODESET)) else {
    return false
  }
  return String(cString: codeset) == "UTF-8"
}

nonisolated extension ArchiveLibrary {
  /// libarchive's message for the last error on `archive`, or a fallback
  /// naming the status when libarchive did not set one.
  func errorMessage(_ archive: OpaquePointer, status: Int) -> String {
    if let text = api.error_string(archive) {
      return String(cString: text)
    }
    return "libarchive returned status \(status) without an error message"
  }
}

nonisolated extension String {
  /// Decodes a NUL-terminated C string held in an array, repairing invalid
  /// UTF-8 rather than trapping.
  init(cStringBuffer buffer: [CChar]) {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    self.init(decoding: bytes, as: UTF8.self)
  }
}
