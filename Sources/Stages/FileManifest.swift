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
      let source = e.sourcePath.hasPrefix(workspace + "/") ? String(e.sourcePath.dropFirst(workspace.count + 1)) : e.path
      return Entry(path: e.path, digest: e.digest, size: e.size, isExecutable: e.isExecutable, source: source)
    }
  }

  public var totalSize: Int { entries.reduce(0) { $0 + $1.size } }

  public var text: String {
    var out = ""
    for e in entries {
      out += "\(e.digest.hex) \(e.isExecutable ? "755" : "644") \(e.size) \(e.path)"
      if e.source != e.path { out += "\t\(e.source)" }
      out += "\n"
    }
    return out
  }

  public init?(text: String) {
    var entries: [Entry] = []
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
      guard parts.count == 4, let digest = Digest(hex: parts[0]), let size = Int(parts[2]) else { return nil }
      let rest = parts[3].split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
      let path = String(rest[0])
      entries.append(
        Entry(
          path: path, digest: digest, size: size, isExecutable: parts[1] == "755",
          source: rest.count > 1 ? String(rest[1]) : path))
    }
    self.entries = entries
  }
}
