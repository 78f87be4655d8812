import Glibc

/// An advisory `flock(2)` lock on a file, released when the lock is dropped or the process
/// dies (even by SIGKILL), so a killed build never leaves the cache locked.
public final class FileLock {
  public enum Mode: Sendable { case shared, exclusive }

  private let fd: Int32
  public let path: String

  /// Opens (creating if needed) the lock file without locking it.
  public init(path: String) throws(SystemError) {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw SystemError("open lock file", path) }
    self.fd = fd
    self.path = path
  }

  deinit { close(fd) }

  /// Blocks until the lock is held.
  public func lock(_ mode: Mode) throws(SystemError) {
    while flock(fd, mode == .shared ? LOCK_SH : LOCK_EX) != 0 {
      if errno != EINTR { throw SystemError("lock", path) }
    }
  }

  /// Takes the lock if nobody holds a conflicting one; false otherwise.
  public func tryLock(_ mode: Mode) throws(SystemError) -> Bool {
    if flock(fd, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 { return true }
    if errno == EWOULDBLOCK { return false }
    throw SystemError("lock", path)
  }

  public func unlock() {
    flock(fd, LOCK_UN)
  }
}
