import Glibc
import Hashing
import Synchronization

/// Remembers each file's digest together with the stat that was current when it was hashed,
/// so unchanged files are never re-read.
///
/// An entry is trusted only when size, mtime, ctime and inode all match and the file was
/// last modified strictly before the cache file itself was written. A file modified in the
/// same timestamp tick as that write ("racily clean", as git calls it) could have changed
/// without its stat changing, so it is hashed again.
public final class StatCache: Sendable {
  struct Entry: Sendable, Equatable {
    let size: Int
    let mtime: Int64
    let ctime: Int64
    let inode: UInt64
    let digest: Digest
  }

  private struct State {
    var entries: [String: Entry] = [:]
    var used: [String: Entry] = [:]
    var dirty = false
  }

  /// Stat times at or after this instant are not trusted (the cache file's own mtime).
  public let racyThreshold: Int64
  private let state: Mutex<State>
  private let path: String?

  /// An empty cache that is never saved (tests, read-only cache directories).
  public init() {
    path = nil
    racyThreshold = .min
    state = Mutex(State())
  }

  /// Loads the cache stored at `path`; a missing or damaged file is an empty cache.
  public init(path: String) {
    self.path = path
    var loaded = State()
    var threshold = Int64.min
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd >= 0 {
      defer { close(fd) }
      var st = stat()
      if fstat(fd, &st) == 0 {
        threshold = FileStat(st).mtimeNanoseconds
      }
      if let bytes = try? FileSystem.readAll(fd, path: path) {
        loaded.entries = StatCache.parse(bytes)
      }
    }
    racyThreshold = threshold
    state = Mutex(loaded)
  }

  /// The cached digest of the file at `relativePath` if `stat` proves it unchanged.
  public func digest(for relativePath: String, stat: FileStat) -> Digest? {
    state.withLock { s -> Entry? in
      guard let e = s.entries[relativePath] else { return nil }
      guard e.size == stat.size, e.mtime == stat.mtimeNanoseconds,
        e.ctime == stat.ctimeNanoseconds, e.inode == stat.inode
      else { return nil }
      if isRacy(stat) { return nil }
      s.used[relativePath] = e
      return e
    }?.digest
  }

  /// Records a freshly computed digest.
  public func record(_ relativePath: String, stat: FileStat, digest: Digest) {
    let entry = Entry(
      size: stat.size, mtime: stat.mtimeNanoseconds, ctime: stat.ctimeNanoseconds,
      inode: stat.inode, digest: digest)
    state.withLock { s in
      s.used[relativePath] = entry
      s.dirty = true
    }
  }

  /// Whether a file with this stat would have to be re-hashed even if its entry matched.
  public func isRacy(_ stat: FileStat) -> Bool {
    stat.mtimeNanoseconds >= racyThreshold || stat.ctimeNanoseconds >= racyThreshold
  }

  /// Writes the entries used by this run if anything was hashed; a null build writes nothing.
  public func saveIfNeeded() throws(SystemError) {
    guard let path else { return }
    let (dirty, used, old) = state.withLock { s in (s.dirty, s.used, s.entries) }
    guard dirty || used.count != old.count else { return }
    var out = [UInt8]()
    out.reserveCapacity(used.count * 120)
    for key in used.keys.sorted() {
      guard let e = used[key] else { continue }
      out.append(contentsOf: "\(e.digest.hex) \(e.size) \(e.mtime) \(e.ctime) \(e.inode) \(key)\n".utf8)
    }
    try FileSystem.writeAtomically(out, to: path)
    state.withLock { s in
      s.entries = used
      s.dirty = false
    }
  }

  /// Parses the line format `digest size mtime ctime inode path` straight from bytes;
  /// a damaged line is skipped (its file is simply hashed again).
  static func parse(_ bytes: [UInt8]) -> [String: Entry] {
    var entries: [String: Entry] = [:]
    entries.reserveCapacity(bytes.count / 110)
    bytes.withUnsafeBytes { buf in
      var i = 0
      let n = buf.count
      func number(_ i: inout Int) -> Int64? {
        var v: Int64 = 0
        var negative = false
        if i < n, buf[i] == UInt8(ascii: "-") {
          negative = true
          i += 1
        }
        let start = i
        while i < n, buf[i] >= 48, buf[i] <= 57 {
          v = v &* 10 &+ Int64(buf[i] - 48)
          i += 1
        }
        guard i > start, i < n, buf[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        return negative ? -v : v
      }
      while i < n {
        var lineEnd = i
        while lineEnd < n, buf[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        defer { i = lineEnd + 1 }
        guard lineEnd - i > 65, buf[i + 64] == UInt8(ascii: " "),
          let digest = Digest(hexUTF8: UnsafeRawBufferPointer(rebasing: buf[i..<(i + 64)]))
        else { continue }
        var j = i + 65
        guard let size = number(&j), let mtime = number(&j), let ctime = number(&j),
          let inode = number(&j), j < lineEnd
        else { continue }
        let key = String(decoding: UnsafeRawBufferPointer(rebasing: buf[j..<lineEnd]), as: UTF8.self)
        entries[key] = Entry(
          size: Int(size), mtime: mtime, ctime: ctime, inode: UInt64(bitPattern: inode), digest: digest)
      }
    }
    return entries
  }
}
