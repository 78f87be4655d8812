import Hashing

/// Reads the line format every manifest and per-file cache of the engine and the stages
/// uses: `<64 hex digits> <fields…>` per line, parsed straight from bytes because these
/// files hold thousands of lines and are read on every rebuild.
public enum DigestLines {
  /// Calls `body` with each line's digest and the byte range of the rest of the line (after
  /// the space that follows the digest). Lines that do not start with a digest and a space
  /// are skipped.
  public static func forEach(
    in buffer: UnsafeRawBufferPointer, _ body: (Digest, Range<Int>) throws -> Void
  ) rethrows {
    var i = 0
    let n = buffer.count
    while i < n {
      var end = i
      while end < n, buffer[end] != 0x0A { end += 1 }
      if end - i > 65, buffer[i + 64] == 0x20,
        let digest = Digest(hexUTF8: UnsafeRawBufferPointer(rebasing: buffer[i..<(i + 64)]))
      {
        try body(digest, (i + 65)..<end)
      }
      i = end + 1
    }
  }
}
