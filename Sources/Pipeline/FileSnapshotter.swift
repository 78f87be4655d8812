import Glibc
import Hashing

/// Turns files into digests, reading them only when the stat cache cannot vouch for them.
public struct FileSnapshotter: Sendable {
  public let statCache: StatCache

  public init(statCache: StatCache) {
    self.statCache = statCache
  }

  /// The digest of the file at `absolutePath`, cached under `key`.
  /// - Parameters:
  ///   - key: The stat-cache key (the path relative to the workspace).
  ///   - stat: The file's current stat (of the target, for a symlink).
  ///   - hasher: A per-thread hasher whose buffer is reused.
  ///   - directory: An open directory that `name` is relative to, to skip a path walk.
  public func digest(
    key: String, absolutePath: String, stat: FileStat, hasher: FileHasher,
    directory: Int32 = AT_FDCWD, name: String? = nil
  ) throws(SystemError) -> Digest {
    if let cached = statCache.digest(for: key, stat: stat) { return cached }
    let fd = openat(directory, name ?? absolutePath, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open", absolutePath) }
    defer { close(fd) }
    let result: (digest: Digest, size: Int)
    do {
      result = try hasher.hash(fileDescriptor: fd)
    } catch {
      throw SystemError("read", absolutePath, code: error.errno)
    }
    // Record the stat taken before reading: if the file changed while being read, its new
    // stat will not match next time and it is hashed again.
    statCache.record(key, stat: stat, digest: result.digest)
    return result.digest
  }
}
