import Hashing
import Pipeline

/// Lists the plugin's files after ignore rules and refuses likely secrets.
///
/// Its output is the manifest the archive is written from, so a `touch` that changes no
/// content, or an edit to an ignored file, leaves the output digest as it was and stops the
/// build here (early cutoff). Contents are scanned only when the stage runs (a null build
/// never reads a file), and each file's verdict is kept by digest for the next run, so an
/// edit rescans only the edited file.
public struct FilesStage: Stage {
  public static let stageName = "files"

  public init() {}

  public var name: String { Self.stageName }
  public var version: Int { 2 }
  public var inputs: [StageInput] { [.tree(name: "plugin", root: "", filter: PluginIgnoreFilter())] }

  public func run(_ context: StageContext) throws {
    guard let listing = context.tree("plugin") else { return }
    guard !listing.entries.isEmpty else { throw StagesError.emptyPlugin(listing.root) }
    if let entry = listing.entries.first(where: { Self.unportableReason($0.path) != nil }) {
      throw StagesError.unportableFileName(entry.path, Self.unportableReason(entry.path) ?? "")
    }
    let previous = context.readPreviousBlob("secret-verdicts").map(SecretVerdict.parse) ?? [:]
    var verdicts: [Digest: SecretVerdict] = [:]
    // Digests in the listing's (sorted, deterministic) order, so the verdict cache is written
    // without sorting thousands of hex strings.
    var order: [Digest] = []
    var secrets: [SecretFinding] = []
    for entry in listing.entries {
      let target = Self.linkTarget(entry, workspace: context.workspace)
      let nameReason = SecretScanner.reason(for: entry.path) ?? target.flatMap { SecretScanner.reason(for: $0) }
      // A file a name rule refuses is still read: its allow marker is the way to ship it.
      guard nameReason != nil || SecretContentScanner.scans(path: target ?? entry.path, size: entry.size) else {
        continue
      }
      let verdict =
        try verdicts[entry.digest] ?? previous[entry.digest] ?? SecretContentScanner.verdict(Self.read(entry))
      if verdicts.updateValue(verdict, forKey: entry.digest) == nil { order.append(entry.digest) }
      switch (verdict, nameReason) {
      case (.allowed, _), (.clean, nil):
        continue
      case (.found(let why), nil), (_, let why?):
        secrets.append(SecretFinding(path: entry.path, why: why, target: target))
      }
    }
    guard secrets.isEmpty else { throw StagesError.secretsFound(secrets) }
    // A blob, not inline text: a 3,000-file manifest would otherwise be decoded from the
    // action-cache entry on every null build.
    try context.setBlob("manifest", FileManifest(listing: listing, workspace: context.workspace).bytes)
    var cache: [UInt8] = []
    for digest in order { verdicts[digest]?.appendLine(digest: digest, to: &cache) }
    try context.setAuxiliaryBlob("secret-verdicts", cache)
  }

  /// Why an archive path would mean something else to a Windows extractor: a backslash is a
  /// directory separator there, and `C:` names a drive.
  static func unportableReason(_ path: String) -> String? {
    if path.utf8.contains(0x5C) {
      return "contains a backslash, which Windows extractors read as a directory separator"
    }
    let first = Array(path.utf8.prefix(2))
    if first.count == 2, first[1] == UInt8(ascii: ":"), SecretContentScanner.isUpper(first[0] & 0xDF) {
      return "starts with a drive prefix (\(String(path.prefix(2)))), which Windows extractors read as a drive"
    }
    return nil
  }

  /// The workspace-relative file a symlink's content comes from, or nil for a plain file.
  static func linkTarget(_ entry: TreeListing.Entry, workspace: String) -> String? {
    guard entry.sourcePath.hasPrefix(workspace + "/") else { return nil }
    let source = String(entry.sourcePath.dropFirst(workspace.count + 1))
    return source == entry.path ? nil : source
  }

  /// The file's bytes, checked against the digest the listing recorded, so a verdict is
  /// never cached under a digest it was not made from.
  private static func read(_ entry: TreeListing.Entry) throws -> [UInt8] {
    let bytes = try FileSystem.readFile(entry.sourcePath)
    guard SHA256.hash(bytes: bytes) == entry.digest else {
      throw PipelineError.fileChangedDuringBuild(path: entry.sourcePath)
    }
    return bytes
  }
}
