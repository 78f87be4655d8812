import Dispatch
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
    // What each entry needs: its link target, the name rule's reason, and whether its content
    // is judged. Files whose digest has no verdict yet are read and scanned side by side.
    var candidates: [(entry: TreeListing.Entry, target: String?, nameReason: String?)] = []
    var unread: [TreeListing.Entry] = []
    var queued: Set<Digest> = []
    for entry in listing.entries {
      let target = Self.linkTarget(entry, workspace: context.workspace)
      let nameReason = SecretScanner.reason(for: entry.path) ?? target.flatMap { SecretScanner.reason(for: $0) }
      // A file a name rule refuses is still read: its allow marker is the way to ship it.
      guard nameReason != nil || SecretContentScanner.scans(path: target ?? entry.path, size: entry.size) else {
        continue
      }
      candidates.append((entry, target, nameReason))
      if previous[entry.digest] == nil, queued.insert(entry.digest).inserted { unread.append(entry) }
    }
    var fresh: [Digest: SecretVerdict] = [:]
    for (entry, result) in zip(unread, Self.scan(unread)) { fresh[entry.digest] = try result.get() }
    var verdicts: [Digest: SecretVerdict] = [:]
    // Digests in the listing's (sorted, deterministic) order, so the verdict cache is written
    // without sorting thousands of hex strings.
    var order: [Digest] = []
    var secrets: [SecretFinding] = []
    for (entry, target, nameReason) in candidates {
      guard let verdict = fresh[entry.digest] ?? previous[entry.digest] else { continue }
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
    // A plain file's source is `<workspace>/<path>`: told apart without building strings,
    // since every entry of a large plugin asks.
    let sourceBytes = entry.sourcePath.utf8
    let pathBytes = entry.path.utf8
    if sourceBytes.count == workspace.utf8.count + 1 + pathBytes.count,
      sourceBytes.suffix(pathBytes.count).elementsEqual(pathBytes)
    {
      return nil
    }
    guard entry.sourcePath.hasPrefix(workspace + "/") else { return nil }
    let source = String(entry.sourcePath.dropFirst(workspace.count + 1))
    return source == entry.path ? nil : source
  }

  /// Reads and judges `entries` on every core: on a cold build of a large plugin the files
  /// stage would otherwise read every text file once more on one core while the others wait
  /// for it (discovery and the archive depend on its manifest).
  static func scan(_ entries: [TreeListing.Entry]) -> [Result<SecretVerdict, any Error>] {
    var results = [Result<SecretVerdict, any Error>](repeating: .success(.clean), count: entries.count)
    guard !entries.isEmpty else { return results }
    let chunk = 32
    let chunks = (entries.count + chunk - 1) / chunk
    results.withUnsafeMutableBufferPointer { out in
      // Each iteration writes only its own slots.
      nonisolated(unsafe) let slots = out
      DispatchQueue.concurrentPerform(iterations: chunks) { c in
        for i in (c * chunk)..<min(entries.count, (c + 1) * chunk) {
          slots[i] = Result { try SecretContentScanner.verdict(read(entries[i])) }
        }
      }
    }
    return results
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
