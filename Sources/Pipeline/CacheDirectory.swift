import Glibc
import Hashing

/// The on-disk cache shared by every `synapse` process of a user or CI job.
///
/// Layout: `ac/` (action cache), `cas/` (content store), `tmp/` (objects being written),
/// `workspaces/<id>/` (per-plugin stat cache and last-run record) and `lock`. Builds hold
/// `lock` shared; pruning and cleaning hold it exclusive, so no object disappears under a
/// running build.
public struct CacheDirectory: Sendable {
  public let path: String
  public let actionCache: ActionCache
  public let content: ContentStore
  public let maxBytes: Int

  /// Default size bound: large enough for many plugin versions, small enough to go unnoticed.
  public static let defaultMaxBytes = 2 << 30

  /// Opens (creating if needed) the cache at `path`.
  /// - Throws: ``PipelineError/cacheNotWritable(path:reason:)`` when it cannot be created or
  ///   written.
  public init(path: String, maxBytes: Int = CacheDirectory.defaultMaxBytes) throws {
    self.path = path
    self.maxBytes = maxBytes
    let tmp = path + "/tmp"
    do {
      for dir in [path, path + "/ac", path + "/cas", tmp, path + "/workspaces"] {
        try FileSystem.createDirectory(dir)
      }
    } catch {
      throw PipelineError.cacheNotWritable(path: path, reason: error.reason)
    }
    guard access(tmp, W_OK) == 0 else {
      throw PipelineError.cacheNotWritable(path: path, reason: String(cString: strerror(errno)))
    }
    content = ContentStore(root: path + "/cas", temporaryDirectory: tmp)
    actionCache = ActionCache(root: path + "/ac", content: content)
  }

  /// The cache lock that builds share and maintenance takes exclusively.
  public func lock() throws(SystemError) -> FileLock {
    try FileLock(path: path + "/lock")
  }

  /// The private directory of one workspace, named by a hash of its canonical path so
  /// that two checkouts keep separate stat caches while sharing every cache entry.
  public func workspaceDirectory(for workspace: String) throws(SystemError) -> String {
    let dir = "\(path)/workspaces/\(SHA256.hash(string: workspace).hex.prefix(24))"
    try FileSystem.createDirectory(dir)
    return dir
  }

  /// What the cache holds.
  public struct Usage: Sendable, Equatable {
    public var actionEntries = 0
    public var actionBytes = 0
    public var contentObjects = 0
    public var contentBytes = 0
    public var workspaces = 0
    /// Files in `tmp/`: objects being written, or left by killed builds.
    public var temporaryFiles = 0
    public var temporaryBytes = 0
    public var totalBytes: Int { actionBytes + contentBytes + temporaryBytes }
  }

  public func usage() -> Usage {
    var usage = Usage()
    for file in objectFiles(in: path + "/ac") {
      usage.actionEntries += 1
      usage.actionBytes += file.size
    }
    for file in objectFiles(in: path + "/cas") {
      usage.contentObjects += 1
      usage.contentBytes += file.size
    }
    usage.workspaces = (try? FileSystem.listDirectory(path + "/workspaces").count) ?? 0
    (usage.temporaryFiles, usage.temporaryBytes) = temporaryUsage()
    return usage
  }

  /// How many files `tmp/` holds, and their bytes.
  func temporaryUsage() -> (files: Int, bytes: Int) {
    var files = 0
    var bytes = 0
    for name in (try? FileSystem.listDirectory(path + "/tmp")) ?? [] {
      guard let st = try? FileSystem.lstat(path + "/tmp/" + String(decoding: name, as: UTF8.self)) else { continue }
      files += 1
      bytes += st.size
    }
    return (files, bytes)
  }

  struct ObjectFile {
    let path: String
    let size: Int
    let mtime: Int64
  }

  /// Files two levels down (`<root>/<aa>/<hex>`), skipping anything that is not a cache object.
  func objectFiles(in root: String) -> [ObjectFile] {
    var files: [ObjectFile] = []
    for shard in (try? FileSystem.listDirectory(root)) ?? [] {
      let shardPath = root + "/" + String(decoding: shard, as: UTF8.self)
      for name in (try? FileSystem.listDirectory(shardPath)) ?? [] {
        let p = shardPath + "/" + String(decoding: name, as: UTF8.self)
        guard let st = try? FileSystem.lstat(p), st.kind == .regular else { continue }
        files.append(ObjectFile(path: p, size: st.size, mtime: st.mtimeNanoseconds))
      }
    }
    return files
  }
}

extension CacheDirectory {
  /// Every action entry and content object, for tests and diagnostics.
  public func objectFilesForTests() -> [String] {
    (objectFiles(in: path + "/ac") + objectFiles(in: path + "/cas")).map(\.path)
  }
}
