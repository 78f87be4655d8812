import Glibc
import Hashing

/// Vouching for objects that are handed on by path without being read (the archive a build
/// prints, copies out or uploads, the previous archive an incremental rebuild copies from).
///
/// Hashing a 50 MiB archive costs about 25 ms, more than a whole null build, so a verified
/// object is remembered in the workspace's ``StatCache`` under its absolute path (no
/// workspace-relative key starts with `/`), with the stat taken before it was hashed. Later
/// builds trust it while size, mtime, ctime and inode match and the stat is older than the
/// stat cache's own file (git's racily-clean rule). Any write to the object, even one that
/// keeps its size and restores its mtime, sets its ctime to the current time, which no
/// process can set back, so a changed object is hashed again and found out. Damage below
/// the file system (a failing disk) keeps the stat; readers that consume the bytes hash them
/// as they go (``stream(_:hasher:_:)``, the `-o` copy, uploads) and catch it there.
extension ContentStore {
  /// What ``integrity(of:size:statCache:)`` found.
  public enum Integrity: Sendable, Equatable {
    case intact
    case missing
    /// Present, but not a regular file of the recorded size with the recorded content.
    case damaged
  }

  /// Whether the object holds exactly the bytes its name says, hashing it only when the
  /// stat cache cannot vouch for it; a verified object is recorded there.
  public func integrity(of digest: Digest, size: Int, statCache: StatCache) -> Integrity {
    let p = path(for: digest)
    let st: FileStat
    do {
      guard let found = try FileSystem.lstatIfPresent(p) else { return .missing }
      st = found
    } catch {
      return .missing
    }
    guard st.kind == .regular, st.size == size else { return .damaged }
    if statCache.digest(for: p, stat: st) == digest { return .intact }
    let fd = open(p, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return errno == ENOENT ? .missing : .damaged }
    defer { close(fd) }
    guard let hashed = try? FileHasher().hash(fileDescriptor: fd), hashed.digest == digest, hashed.size == size else {
      return .damaged
    }
    // The stat from before the read: a change during the read shows in the next stat.
    statCache.record(p, stat: st, digest: digest)
    return .intact
  }

  /// Records an object this process has just written (and hashed while writing), so the
  /// next build need not hash it again. The stat is taken after the rename into place,
  /// which changed the ctime; as with git's checkout, a write by another process between
  /// that rename and this stat is the one change this record could hide, and readers that
  /// consume the bytes still hash them.
  public func recordWritten(_ digest: Digest, statCache: StatCache) {
    let p = path(for: digest)
    guard let st = try? FileSystem.lstat(p), st.kind == .regular else { return }
    statCache.record(p, stat: st, digest: digest)
  }

  /// Removes an object found damaged (or anything else in its place, a directory
  /// included), so the stage that makes it writes it again and a remote fetch downloads it
  /// again instead of trusting the local copy.
  public func discard(_ digest: Digest) {
    try? FileSystem.removeTree(path(for: digest))
  }
}

extension ContentStore {
  /// Copies an object out of the store (`build -o`), hashing it on the way: the copy is
  /// renamed into place only if it is the object its digest names, so damage the stat
  /// cannot see never leaves the cache as a valid-looking file.
  /// - Throws: ``PipelineError/corruptContent(digest:path:)`` (nothing is written then),
  ///   or the file error.
  public func copy(_ digest: Digest, to destination: String) throws {
    let tmp = FileSystem.temporarySibling(of: destination)
    let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw SystemError("create", tmp) }
    var closed = false
    do {
      try stream(digest) { chunk in try FileSystem.writeAll(fd, chunk, path: tmp) }
      closed = true
      guard close(fd) == 0 else { throw SystemError("write", tmp) }
    } catch {
      if !closed { close(fd) }
      unlink(tmp)
      throw error
    }
    guard rename(tmp, destination) == 0 else {
      let e = SystemError("rename into", destination)
      unlink(tmp)
      throw e
    }
  }
}
