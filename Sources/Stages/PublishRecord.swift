import Glibc
import Pipeline
import Schema
import YAML

/// One successful publish: which archive went to which backend under which version.
public struct PublishRecord: Sendable, Equatable {
  public var host: String
  public var plugin: String
  public var version: String
  public var sha256: String
  public var md5: String
  public var size: Int
  /// Nil when the backend accepted the release without naming it.
  public var releaseID: Int?
  /// Seconds since the epoch.
  public var publishedAt: Int

  public init(
    host: String, plugin: String, version: String, sha256: String, md5: String, size: Int, releaseID: Int?,
    publishedAt: Int
  ) {
    self.host = BackendCredentials.normalizedHost(host)
    self.plugin = plugin
    self.version = version
    self.sha256 = sha256
    self.md5 = md5
    self.size = size
    self.releaseID = releaseID
    self.publishedAt = publishedAt
  }

  var value: YAMLValue {
    .mapping([
      ("host", .string(host)), ("plugin", .string(plugin)), ("version", .string(version)),
      ("sha256", .string(sha256)), ("md5", .string(md5)), ("size", .int(size)),
      ("release_id", releaseID.map(YAMLValue.int) ?? .null),
      ("published_at", .int(publishedAt)),
    ])
  }

  init?(_ value: YAMLValue) {
    guard case .string(let host)? = value["host"], case .string(let plugin)? = value["plugin"],
      case .string(let version)? = value["version"], case .string(let sha256)? = value["sha256"]
    else { return nil }
    func int(_ key: String) -> Int {
      if case .int(let number)? = value[key] { return number }
      return 0
    }
    var md5 = ""
    if case .string(let text)? = value["md5"] { md5 = text }
    self.init(
      host: host, plugin: plugin, version: version, sha256: sha256, md5: md5, size: int("size"),
      releaseID: value["release_id"].flatMap { if case .int(let id) = $0 { return id } else { return nil } },
      publishedAt: int("published_at"))
  }
}

/// The publishes made with this cache (`published.json` in the cache directory), which make
/// publishing incremental: the same archive under the same version is not sent again, and a
/// different one under an already-published version is refused before anything is sent.
///
/// It lives with the rest of synapse's state in the cache directory (so a CI job that keeps
/// its cache keeps its record too), never in the plugin tree, and holds no secret. Pruning and
/// `synapse cache clean` leave it alone; deleting it leaves the backend as the only judge.
public struct PublishLedger: Sendable {
  public let path: String

  public init(path: String) {
    self.path = path
  }

  /// The ledger of the cache at `cacheDirectory`.
  public static func inCache(_ cacheDirectory: String) -> PublishLedger {
    PublishLedger(path: FilePath.join(cacheDirectory, "published.json"))
  }

  /// The record for `plugin` `version` on `host`, if this machine published it. An unreadable
  /// ledger counts as empty: the backend still refuses duplicate versions.
  public func record(host: String, plugin: String, version: String) -> PublishRecord? {
    let host = BackendCredentials.normalizedHost(host)
    return load().last { $0.host == host && $0.plugin == plugin && $0.version == version }
  }

  func load() -> [PublishRecord] {
    guard let bytes = try? FileSystem.readFileIfPresent(path), let value = try? JSONReader.parse(bytes),
      case .sequence(let items) = value
    else { return [] }
    return items.compactMap(PublishRecord.init)
  }

  /// Adds `record` (replacing an older one for the same host, plugin and version) under an
  /// exclusive lock, so two publishes finishing at once both land.
  public func add(_ record: PublishRecord) throws(PublishError) {
    do {
      try FileSystem.createDirectory(FilePath.parent(of: path), mode: 0o700)
      let lock = try FileLock(path: path + ".lock")
      try lock.lock(.exclusive)
      defer { lock.unlock() }
      var records = load().filter {
        !($0.host == record.host && $0.plugin == record.plugin && $0.version == record.version)
      }
      records.append(record)
      let text = PythonJSON.encode(.sequence(records.map(\.value)), indent: 2) + "\n"
      try FileSystem.writeAtomically(Array(text.utf8), to: path, mode: 0o600)
    } catch {
      throw .recordUnwritable(path: path, reason: error.description)
    }
  }
}
