import Hashing

/// The files of a tree input, sorted by path bytes, each with its content digest.
///
/// The listing (not the paths on disk) enters keys, so the same tree at another checkout
/// path produces the same key.
public struct TreeListing: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    /// Path relative to the tree root, `/`-separated.
    public let path: String
    public let size: Int
    public let isExecutable: Bool
    public let digest: Digest
    /// Where the content is read from: the file itself, or a symlink's target inside the
    /// workspace.
    public let sourcePath: String
    /// The stat of `sourcePath` when it was hashed, so readers can detect edits made
    /// during the build.
    public let stat: FileStat

    public init(
      path: String, size: Int, isExecutable: Bool, digest: Digest, sourcePath: String,
      stat: FileStat
    ) {
      self.path = path
      self.size = size
      self.isExecutable = isExecutable
      self.digest = digest
      self.sourcePath = sourcePath
      self.stat = stat
    }
  }

  /// Absolute path of the tree root on disk.
  public let root: String
  public let entries: [Entry]

  public init(root: String, entries: [Entry]) {
    self.root = root
    self.entries = entries
  }

  public var totalSize: Int { entries.reduce(0) { $0 + $1.size } }

  /// Hash of (path, executable bit, size, content digest) for every entry, in order.
  public var digest: Digest {
    let encoder = KeyEncoder(domain: "tree")
    for entry in entries {
      encoder.field(entry.path)
      encoder.tag(entry.isExecutable ? 1 : 0)
      encoder.integer(entry.size)
      encoder.field(entry.digest)
    }
    return encoder.finalize()
  }

  /// A line-oriented text form stored in the content store so `--explain` can name the
  /// files that changed since the last run.
  public var manifestText: String {
    var out = ""
    for e in entries {
      out += "\(e.digest.hex) \(e.isExecutable ? "x" : "-") \(e.size) \(e.path)\n"
    }
    return out
  }

  /// Parses ``manifestText`` back into path → (digest, executable) pairs.
  public static func parseManifest(_ text: String) -> [String: String] {
    var out: [String: String] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
      guard parts.count == 4 else { continue }
      out[String(parts[3])] = "\(parts[0]) \(parts[1])"
    }
    return out
  }
}
