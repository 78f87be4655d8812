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

  /// Finishes the object and moves it into the store.
  public func commit() throws(SystemError) -> (digest: Digest, size: Int) {
    let digest = sha.finalize()
    let closed = close(fd)
    fd = -1
    guard closed == 0 else {
      let e = SystemError("write", temporaryPath)
      unlink(temporaryPath)
      throw e
    }
    try store.commit(temporaryPath: temporaryPath, digest: digest)
    return (digest, size)
  }
}
