import Glibc
import Hashing

/// Content-addressed files: `cas/<first two hex digits>/<sha256>`.
///
/// Objects are written to a temp file, hashed while written, and renamed into place, so a
/// reader sees either nothing or a whole object; they are made read-only. A reader that
/// needs the bytes verifies them against the name; a hit on a truncated or missing object is
/// treated as a miss by the action cache, never as a result.
public struct ContentStore: Sendable {
  public let root: String
  let temporaryDirectory: String

  init(root: String, temporaryDirectory: String) {
    self.root = root
    self.temporaryDirectory = temporaryDirectory
  }

  public func path(for digest: Digest) -> String {
    let hex = digest.hex
    return "\(root)/\(hex.prefix(2))/\(hex)"
  }

  /// Whether the object exists with the expected size (cheap; content is verified on read).
  public func contains(_ digest: Digest, size: Int) -> Bool {
    guard let st = try? FileSystem.stat(path(for: digest)) else { return false }
    return st.kind == .regular && st.size == size
  }

  /// Stores bytes and returns their digest.
  @discardableResult
  public func store(_ bytes: [UInt8]) throws -> Digest {
    let writer = try makeWriter()
    try bytes.withUnsafeBytes { try writer.write($0) }
    return try writer.commit().digest
  }

  /// A streaming writer for a new object.
  public func makeWriter() throws(SystemError) -> BlobWriter {
    try BlobWriter(store: self)
  }

  /// Reads an object and checks it against its digest.
  public func read(_ digest: Digest) throws -> [UInt8] {
    let p = path(for: digest)
    guard let bytes = try FileSystem.readFileIfPresent(p) else {
      throw PipelineError.missingContent(digest: digest.hex)
    }
    guard SHA256.hash(bytes: bytes) == digest else {
      throw PipelineError.corruptContent(digest: digest.hex, path: p)
    }
    return bytes
  }

  /// Streams an object through `body` chunk by chunk and throws after the last chunk if the
  /// content does not match its digest; callers must discard what they computed then.
  public func stream(
    _ digest: Digest, hasher: FileHasher = FileHasher(),
    _ body: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let p = path(for: digest)
    let fd = open(p, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOENT { throw PipelineError.missingContent(digest: digest.hex) }
      throw SystemError("open", p)
    }
    defer { close(fd) }
    let sha = SHA256()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
      if n < 0 {
        if errno == EINTR { continue }
        throw SystemError("read", p)
      }
      if n == 0 { break }
      let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
      sha.update(chunk)
      try body(chunk)
    }
    guard sha.finalize() == digest else {
      throw PipelineError.corruptContent(digest: digest.hex, path: p)
    }
  }

  /// Moves a finished temp file into place under its digest.
  func commit(temporaryPath: String, digest: Digest) throws(SystemError) {
    let final = path(for: digest)
    let dir = FilePath.parent(of: final)
    do throws(SystemError) {
      try FileSystem.createDirectory(dir, replacingNonDirectory: true)
    } catch {
      unlink(temporaryPath)
      throw error
    }
    chmod(temporaryPath, 0o444)
    // A directory (or anything else) where the object belongs is damage: replace it.
    if rename(temporaryPath, final) == 0 { return }
    if [EISDIR, ENOTEMPTY, EEXIST].contains(errno) {
      try? FileSystem.removeTree(final)
      if rename(temporaryPath, final) == 0 { return }
    }
    let error = SystemError("rename into", final)
    unlink(temporaryPath)
    throw error
  }
}
