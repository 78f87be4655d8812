import Glibc
import Hashing

/// Writes one content-store object, hashing it on the way.
public final class BlobWriter {
  private let store: ContentStore
  private let temporaryPath: String
  private var fd: Int32
  private let sha = SHA256()
  public private(set) var size = 0

  init(store: ContentStore) throws(SystemError) {
    self.store = store
    temporaryPath = "\(store.temporaryDirectory)/blob-\(getpid())-\(FileSystem.uniqueCounter())"
    fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw SystemError("create", temporaryPath) }
  }

  deinit {
    if fd >= 0 {
      close(fd)
      unlink(temporaryPath)
    }
  }

  public func write(_ buffer: UnsafeRawBufferPointer) throws(SystemError) {
    sha.update(buffer)
    try FileSystem.writeAll(fd, buffer, path: temporaryPath)
    size += buffer.count
  }

  /// Drops everything written so far, for a download that starts again after a retry.
  public func restart() throws(SystemError) {
    guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else { throw SystemError("truncate", temporaryPath) }
    _ = sha.finalize()
    size = 0
  }

  /// Finishes the object and moves it into the store.
  public func commit() throws(SystemError) -> (digest: Digest, size: Int) {
    let digest = try finish()
    try store.commit(temporaryPath: temporaryPath, digest: digest)
    return (digest, size)
  }

  /// Finishes an object that must be `expected` (bytes fetched from elsewhere): it enters
  /// the store only if its content hashes to that digest with that size.
  /// - Returns: False, with nothing stored, when the bytes are not the object.
  public func commit(expecting expected: Digest, size expectedSize: Int) throws(SystemError) -> Bool {
    let digest = try finish()
    guard digest == expected, size == expectedSize else {
      unlink(temporaryPath)
      return false
    }
    try store.commit(temporaryPath: temporaryPath, digest: digest)
    return true
  }

  private func finish() throws(SystemError) -> Digest {
    let digest = sha.finalize()
    let closed = close(fd)
    fd = -1
    guard closed == 0 else {
      let e = SystemError("write", temporaryPath)
      unlink(temporaryPath)
      throw e
    }
    return digest
  }
}
