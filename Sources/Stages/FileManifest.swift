import Hashing
import Pipeline

/// The archive's contents as text: one line per file with digest, mode, size, archive path
/// and, for a symlink, the workspace-relative file its content comes from, or, for a file
/// the build derived (the synced config.yaml), that its content is in the content store.
///
/// It carries everything the archive depends on and nothing else (no mtimes, no absolute
/// paths), so its digest is the archive's identity.
public struct FileManifest: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public let path: String
    public let digest: Digest
    public let size: Int
    public let isExecutable: Bool
    public let source: Source

    public init(path: String, digest: Digest, size: Int, isExecutable: Bool, source: Source) {
      self.path = path
      self.digest = digest
      self.size = size
      self.isExecutable = isExecutable
      self.source = source
    }
  }

  /// Where an entry's content is read from.
  public enum Source: Sendable, Equatable {
    /// A workspace file, by its workspace-relative path: the entry's own path, or a
    /// symlink's target.
    case workspace(String)
    /// The content-store object named by the entry's digest: a file the build derived
    /// rather than one of the workspace's.
    case contentStore
  }

  public let entries: [Entry]

  public init(entries: [Entry]) {
    self.entries = entries
  }

  init(listing: TreeListing, workspace: String) {
    entries = listing.entries.map { e in
      let source =
        e.sourcePath.hasPrefix(workspace + "/") ? String(e.sourcePath.dropFirst(workspace.count + 1)) : e.path
      return Entry(
        path: e.path, digest: e.digest, size: e.size, isExecutable: e.isExecutable, source: .workspace(source))
    }
  }

  /// The same entries with the one at `path` (if any) taking its content from the content
  /// store; an entry that already has that content stays as it is.
  public func replacing(_ path: String, withBlob digest: Digest, size: Int) -> FileManifest {
    FileManifest(
      entries: entries.map { e in
        e.path == path && e.digest != digest
          ? Entry(path: path, digest: digest, size: size, isExecutable: e.isExecutable, source: .contentStore) : e
      })
  }

  public var totalSize: Int { entries.reduce(0) { $0 + $1.size } }

  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// One line per entry: `digest mode size path[<tab>source]`, where an empty source (a
  /// workspace path is never empty) means the content store.
  public var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(entries.count * 110)
    for e in entries {
      TreeListing.appendLine(
        digest: e.digest, mode: e.isExecutable ? "755" : "644", size: e.size, path: e.path, to: &out)
      switch e.source {
      case .workspace(let source) where source != e.path:
        out.append(0x09)
        out += Array(source.utf8)
      case .contentStore:
        out.append(0x09)
      case .workspace:
        break
      }
      out.append(0x0A)
    }
    return out
  }

  public init?(text: String) {
    var text = text
    guard let parsed = text.withUTF8({ FileManifest(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
    self = parsed
  }

  /// Parses the manifest from bytes in one pass: archives of thousands of files parse two
  /// manifests per rebuild, so this stays off `String` splitting.
  public init?(utf8 buf: UnsafeRawBufferPointer) {
    var entries: [Entry] = []
    entries.reserveCapacity(buf.count / 100)
    var malformed = false
    // rest: `mode size path[<tab>source]`
    DigestLines.forEach(in: buf) { digest, rest in
      guard rest.count > 5, buf[rest.lowerBound + 3] == 0x20 else {
        malformed = true
        return
      }
      let executable = buf[rest.lowerBound] == UInt8(ascii: "7")
      var j = rest.lowerBound + 4
      var size = 0
      let sizeStart = j
      while j < rest.upperBound, buf[j] >= 48, buf[j] <= 57 {
        size = size * 10 + Int(buf[j] - 48)
        j += 1
      }
      guard j > sizeStart, j < rest.upperBound, buf[j] == 0x20 else {
        malformed = true
        return
      }
      j += 1
      var tab = j
      while tab < rest.upperBound, buf[tab] != 0x09 { tab += 1 }
      let path = String(decoding: UnsafeRawBufferPointer(rebasing: buf[j..<tab]), as: UTF8.self)
      let source: Source
      if tab == rest.upperBound {
        source = .workspace(path)
      } else if tab + 1 == rest.upperBound {
        source = .contentStore
      } else {
        let bytes = UnsafeRawBufferPointer(rebasing: buf[(tab + 1)..<rest.upperBound])
        source = .workspace(String(decoding: bytes, as: UTF8.self))
      }
      entries.append(Entry(path: path, digest: digest, size: size, isExecutable: executable, source: source))
    }
    guard !malformed else { return nil }
    self.entries = entries
  }
}
