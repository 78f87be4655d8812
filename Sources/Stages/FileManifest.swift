import Hashing
import Pipeline

/// The archive's contents as text: one line per file with digest, mode, size, archive path
/// and, for a symlink, the workspace-relative file its content comes from.
///
/// It carries everything the archive depends on and nothing else (no mtimes, no absolute
/// paths), so its digest is the archive's identity.
public struct FileManifest: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public let path: String
    public let digest: Digest
    public let size: Int
    public let isExecutable: Bool
    /// Workspace-relative path to read the content from.
    public let source: String
  }

  public let entries: [Entry]

  public init(entries: [Entry]) {
    self.entries = entries
  }

  init(listing: TreeListing, workspace: String) {
    entries = listing.entries.map { e in
      let source =
        e.sourcePath.hasPrefix(workspace + "/") ? String(e.sourcePath.dropFirst(workspace.count + 1)) : e.path
      return Entry(path: e.path, digest: e.digest, size: e.size, isExecutable: e.isExecutable, source: source)
    }
  }

  public var totalSize: Int { entries.reduce(0) { $0 + $1.size } }

  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// One line per entry: `digest mode size path[<tab>source]`.
  public var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(entries.count * 110)
    for e in entries {
      TreeListing.appendLine(
        digest: e.digest, mode: e.isExecutable ? "755" : "644", size: e.size, path: e.path, to: &out)
      if e.source != e.path {
        out.append(0x09)
        out += Array(e.source.utf8)
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
    var i = 0
    let n = buf.count
    while i < n {
      var end = i
      while end < n, buf[end] != 0x0A { end += 1 }
      defer { i = end + 1 }
      if end == i { continue }
      // digest(64) sp mode(3) sp size sp path [tab source]
      guard end - i > 70, buf[i + 64] == 0x20, buf[i + 68] == 0x20,
        let digest = Digest(hexUTF8: UnsafeRawBufferPointer(rebasing: buf[i..<(i + 64)]))
      else { return nil }
      let executable = buf[i + 65] == UInt8(ascii: "7")
      var j = i + 69
      var size = 0
      let sizeStart = j
      while j < end, buf[j] >= 48, buf[j] <= 57 {
        size = size * 10 + Int(buf[j] - 48)
        j += 1
      }
      guard j > sizeStart, j < end, buf[j] == 0x20 else { return nil }
      j += 1
      var tab = j
      while tab < end, buf[tab] != 0x09 { tab += 1 }
      let path = String(decoding: UnsafeRawBufferPointer(rebasing: buf[j..<tab]), as: UTF8.self)
      let source =
        tab < end ? String(decoding: UnsafeRawBufferPointer(rebasing: buf[(tab + 1)..<end]), as: UTF8.self) : path
      entries.append(Entry(path: path, digest: digest, size: size, isExecutable: executable, source: source))
    }
    self.entries = entries
  }
}
