import Foundation
import Hashing
import Pipeline

/// A remote cache in memory, with the faults the engine must survive: unreachable, refused
/// writes, and whatever a test does to ``actions`` and ``objects`` (corrupt, truncate,
/// swap, delete). Records every call as `GET ac/<hex>`, `PUT cas/<hex>`, ….
final class MemoryRemoteCache: RemoteCache, @unchecked Sendable {
  // @unchecked: every mutable property is accessed under `lock`.
  private let lock = NSLock()
  private var _actions: [Digest: [UInt8]] = [:]
  private var _objects: [Digest: [UInt8]] = [:]
  private var _calls: [String] = []
  private var _unreachable = false
  private var _refuseWrites = false
  /// Serve each object once with garbage first, then restart the writer, as a retried
  /// download does.
  private var _restartDownloads = false
  let allowsWrites: Bool
  let displayName = "memory://remote"

  init(allowsWrites: Bool = true) {
    self.allowsWrites = allowsWrites
  }

  var actions: [Digest: [UInt8]] {
    get { lock.withLock { _actions } }
    set { lock.withLock { _actions = newValue } }
  }
  var objects: [Digest: [UInt8]] {
    get { lock.withLock { _objects } }
    set { lock.withLock { _objects = newValue } }
  }
  var calls: [String] { lock.withLock { _calls } }
  var unreachable: Bool {
    get { lock.withLock { _unreachable } }
    set { lock.withLock { _unreachable = newValue } }
  }
  var refuseWrites: Bool {
    get { lock.withLock { _refuseWrites } }
    set { lock.withLock { _refuseWrites = newValue } }
  }
  var restartDownloads: Bool {
    get { lock.withLock { _restartDownloads } }
    set { lock.withLock { _restartDownloads = newValue } }
  }

  private func call(_ text: String) throws(RemoteCacheError) {
    let down = lock.withLock { () -> Bool in
      _calls.append(text)
      return _unreachable
    }
    if down { throw .unreachable("\(text): connection refused") }
  }

  func fetchAction(_ key: Digest) throws(RemoteCacheError) -> [UInt8]? {
    try call("GET ac/\(key.hex)")
    return lock.withLock { _actions[key] }
  }

  func fetchContent(_ digest: Digest, into writer: BlobWriter) throws(RemoteCacheError) -> Bool {
    try call("GET cas/\(digest.hex)")
    guard let bytes = lock.withLock({ _objects[digest] }) else { return false }
    do {
      if restartDownloads {
        try Array("partial garbage".utf8).withUnsafeBytes { try writer.write($0) }
        try writer.restart()
      }
      try bytes.withUnsafeBytes { try writer.write($0) }
    } catch {
      throw .failed("\(error)")
    }
    return true
  }

  func storeContent(_ digest: Digest, size: Int, from path: String, replacing: Bool) throws(RemoteCacheError) -> Int {
    if !replacing {
      try call("HEAD cas/\(digest.hex)")
      if lock.withLock({ _objects[digest] != nil }) { return 0 }
    }
    try call("PUT cas/\(digest.hex)")
    if refuseWrites { throw .refused("PUT cas/\(digest.short): 403 Forbidden") }
    guard let bytes = FileManager.default.contents(atPath: path) else { throw .failed("cannot read \(path)") }
    lock.withLock { _objects[digest] = [UInt8](bytes) }
    return bytes.count
  }

  func storeAction(_ key: Digest, _ entry: [UInt8]) throws(RemoteCacheError) {
    try call("PUT ac/\(key.hex)")
    if refuseWrites { throw .refused("PUT ac/\(key.short): 403 Forbidden") }
    lock.withLock { _actions[key] = entry }
  }

  /// Calls whose text starts with `prefix` (`PUT`, `GET ac/`, …).
  func calls(_ prefix: String) -> [String] { calls.filter { $0.hasPrefix(prefix) } }
}
