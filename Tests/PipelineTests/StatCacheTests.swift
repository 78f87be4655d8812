import Hashing
import Pipeline
import TestSupport
import Testing

@Suite struct StatCacheTests {
  static func stat(size: Int = 10, mtime: Int64, ctime: Int64? = nil, inode: UInt64 = 42) -> FileStat {
    FileStat(
      kind: .regular, size: size, mtimeNanoseconds: mtime, ctimeNanoseconds: ctime ?? mtime, inode: inode, device: 1,
      mode: 0o100644)
  }

  @Test func matchingStatReusesTheDigest() throws {
    let dir = TemporaryDirectory()
    let path = dir.url("stat")
    let cache = StatCache(path: path)
    let digest = SHA256.hash(string: "x")
    cache.record("a", stat: Self.stat(mtime: 1_000), digest: digest)
    try cache.saveIfNeeded()
    let reloaded = StatCache(path: path)
    #expect(reloaded.digest(for: "a", stat: Self.stat(mtime: 1_000)) == digest)
    #expect(reloaded.digest(for: "a", stat: Self.stat(size: 11, mtime: 1_000)) == nil)
    #expect(reloaded.digest(for: "a", stat: Self.stat(mtime: 1_001)) == nil)
    #expect(reloaded.digest(for: "a", stat: Self.stat(mtime: 1_000, ctime: 5)) == nil)
    #expect(reloaded.digest(for: "a", stat: Self.stat(mtime: 1_000, inode: 43)) == nil)
  }

  @Test func racilyCleanEntriesAreNotTrusted() throws {
    let dir = TemporaryDirectory()
    let path = dir.url("stat")
    let cache = StatCache(path: path)
    let digest = SHA256.hash(string: "x")
    // A file whose mtime is in the future relative to the cache file's write: it may
    // change again within the same timestamp tick without its stat changing.
    let far: Int64 = 4_000_000_000 * 1_000_000_000
    cache.record("racy", stat: Self.stat(mtime: far), digest: digest)
    cache.record("clean", stat: Self.stat(mtime: 1_000), digest: digest)
    try cache.saveIfNeeded()
    let reloaded = StatCache(path: path)
    #expect(reloaded.racyThreshold > 1_000)
    #expect(reloaded.digest(for: "racy", stat: Self.stat(mtime: far)) == nil)
    #expect(reloaded.digest(for: "clean", stat: Self.stat(mtime: 1_000)) == digest)
  }

  @Test func nullRunWritesNothing() throws {
    let dir = TemporaryDirectory()
    let path = dir.url("stat")
    let cache = StatCache(path: path)
    cache.record("a", stat: Self.stat(mtime: 1_000), digest: SHA256.hash(string: "x"))
    try cache.saveIfNeeded()
    let before = try FileSystem.stat(path)
    let reloaded = StatCache(path: path)
    _ = reloaded.digest(for: "a", stat: Self.stat(mtime: 1_000))
    try reloaded.saveIfNeeded()
    #expect(try FileSystem.stat(path).inode == before.inode)
  }

  @Test func damagedFileIsAnEmptyCache() throws {
    let dir = TemporaryDirectory()
    dir.write("stat", "garbage\nmore garbage 1 2\n")
    let cache = StatCache(path: dir.url("stat"))
    #expect(cache.digest(for: "garbage", stat: Self.stat(mtime: 1)) == nil)
  }
}
