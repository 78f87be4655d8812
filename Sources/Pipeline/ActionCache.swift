import Glibc
import FoundationEssentials
import Hashing

/// Stage key → what the stage produced: `ac/<first two hex digits>/<key>`.
///
/// An entry is a header line carrying the SHA-256 of its JSON body, then the body, so a
/// truncated or edited entry is recognised and reported as a miss with a reason instead of
/// being decoded into a wrong result.
public struct ActionCache: Sendable {
  /// What one entry records.
  public struct Entry: Sendable, Codable, Equatable {
    public var stage: String
    public var outputs: StageOutputs
    public var durationMs: Int
    /// What the stage warned about when it ran, shown again on every hit: a cached result
    /// carries its caveats with it.
    public var warnings: [String]?

    public init(stage: String, outputs: StageOutputs, durationMs: Int, warnings: [String] = []) {
      self.stage = stage
      self.outputs = outputs
      self.durationMs = durationMs
      self.warnings = warnings.isEmpty ? nil : warnings
    }
  }

  /// The outcome of a lookup.
  public enum Lookup: Sendable {
    case hit(Entry)
    case miss
    /// The entry exists but cannot be used; the reason is shown by `--explain`.
    case unusable(String)
  }

  public let root: String
  let content: ContentStore
  static let header = "synapse-ac 1 "

  init(root: String, content: ContentStore) {
    self.root = root
    self.content = content
  }

  public func path(for key: Digest) -> String {
    let hex = key.hex
    return "\(root)/\(hex.prefix(2))/\(hex)"
  }

  public func lookup(_ key: Digest) -> Lookup {
    let p = path(for: key)
    // Non-blocking, so a FIFO in the entry's place cannot hang the build.
    let fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    if fd < 0 {
      if errno == ENOENT || errno == ENOTDIR { return .miss }
      return .unusable("\(SystemError("open", p))")
    }
    var st = stat()
    guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
      // A directory or other non-file where an entry belongs would fail every build that
      // stores the entry: it is a damaged entry, removed so the stage's result can land.
      close(fd)
      try? FileSystem.removeTree(p)
      return .unusable("cache entry \(p) was not a file; it was removed")
    }
    let bytes: [UInt8]
    do {
      defer { close(fd) }
      bytes = try FileSystem.readAll(fd, path: p)
    } catch {
      return .unusable("\(error)")
    }
    let decoded = ActionCache.decode(bytes, name: "cache entry \(p)")
    guard case .hit(let entry) = decoded else { return decoded }
    for blob in entry.outputs.allBlobs {
      guard let d = Digest(hex: blob.digest), content.contains(d, size: blob.size) else {
        if let d = Digest(hex: blob.digest), let st = try? FileSystem.lstatIfPresent(content.path(for: d)),
          st.kind != .regular
        {
          content.discard(d)
        }
        return .unusable("output '\(blob.name)' (\(blob.digest.prefix(12))) is missing from the content store")
      }
    }
    return .hit(entry)
  }

  /// Checks and decodes an entry's bytes: the header line must carry the SHA-256 of the
  /// body that follows, and the body must decode. Entries from a remote cache go through
  /// here exactly as local ones do.
  /// - Parameter name: How messages name the entry (its file, or its remote path).
  /// - Returns: ``Lookup/hit(_:)`` or ``Lookup/unusable(_:)`` with the reason; never a miss.
  public static func decode(_ bytes: [UInt8], name: String) -> Lookup {
    guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
      return .unusable("\(name) is truncated")
    }
    let head = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = Array(bytes[(newline + 1)...])
    guard head.hasPrefix(ActionCache.header),
      let sum = Digest(hex: head.dropFirst(ActionCache.header.count)),
      SHA256.hash(bytes: body) == sum
    else {
      return .unusable("\(name) is corrupt (checksum mismatch)")
    }
    guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(body)) else {
      return .unusable("\(name) cannot be decoded")
    }
    return .hit(entry)
  }

  /// An entry as stored: `synapse-ac 1 <sha256 of body>\n` then the JSON body (sorted keys).
  public static func encode(_ entry: Entry) throws(SystemError) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let body: [UInt8]
    do {
      body = Array(try encoder.encode(entry))
    } catch {
      throw SystemError("encode cache entry for", entry.stage, code: EINVAL)
    }
    return Array((ActionCache.header + SHA256.hash(bytes: body).hex + "\n").utf8) + body
  }

  public func store(_ key: Digest, _ entry: Entry) throws(SystemError) {
    try store(key, encoded: try ActionCache.encode(entry))
  }

  /// Stores an entry already encoded (and, if it came from elsewhere, already decoded once
  /// by ``decode(_:name:)``).
  public func store(_ key: Digest, encoded: [UInt8]) throws(SystemError) {
    let p = path(for: key)
    let dir = FilePath.parent(of: p)
    try FileSystem.createDirectory(dir, replacingNonDirectory: true)
    try FileSystem.writeAtomically(encoded, to: p)
  }

  /// Marks an entry and its blobs as recently used for LRU pruning; only touches entries
  /// older than ten minutes, so null builds in a row do not write on every run, and the
  /// build that triggers a prune protects what it used (``CacheDirectory/prune``).
  public func markUsed(_ key: Digest, _ entry: Entry, now: Int64) {
    let p = path(for: key)
    guard let st = try? FileSystem.stat(p), now - st.mtimeNanoseconds > 600_000_000_000 else {
      return
    }
    FileSystem.touch(p)
    for blob in entry.outputs.allBlobs {
      if let d = Digest(hex: blob.digest) { FileSystem.touch(content.path(for: d)) }
    }
  }
}
