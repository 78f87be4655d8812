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

  /// A line-oriented form stored in the content store so `--explain` can name the
  /// files that changed since the last run.
  public var manifestBytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(entries.count * 110)
    for e in entries {
      Self.appendLine(digest: e.digest, mode: e.isExecutable ? "x" : "-", size: e.size, path: e.path, to: &out)
      out.append(0x0A)
    }
    return out
  }

  /// Appends `digest mode size path` (no newline): the line shape of every manifest the
  /// engine and the stages keep, written without going through String interpolation.
  public static func appendLine(digest: Digest, mode: String, size: Int, path: String, to out: inout [UInt8]) {
    digest.appendHex(to: &out)
    out.append(0x20)
    out += Array(mode.utf8)
    out.append(0x20)
    out += Array(String(size).utf8)
    out.append(0x20)
    out += Array(path.utf8)
  }

  /// Parses ``manifestBytes`` back into path → (digest, executable bit).
  public static func parseManifest(_ bytes: [UInt8]) -> [String: (digest: Digest, executable: Bool)] {
    var out: [String: (digest: Digest, executable: Bool)] = [:]
    bytes.withUnsafeBytes { buf in
      out.reserveCapacity(buf.count / 100)
      // rest: `x|- size path`
      DigestLines.forEach(in: buf) { digest, rest in
        guard rest.count > 3, buf[rest.lowerBound + 1] == 0x20 else { return }
        var j = rest.lowerBound + 2
        while j < rest.upperBound, buf[j] != 0x20 { j += 1 }
        guard j < rest.upperBound else { return }
        let path = String(decoding: UnsafeRawBufferPointer(rebasing: buf[(j + 1)..<rest.upperBound]), as: UTF8.self)
        out[path] = (digest, buf[rest.lowerBound] == UInt8(ascii: "x"))
      }
    }
    return out
  }
}
