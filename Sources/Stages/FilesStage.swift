import Pipeline

/// Lists the plugin's files after ignore rules and refuses likely secrets.
///
/// Its output is the manifest the archive is written from, so a `touch` that changes no
/// content, or an edit to an ignored file, leaves the output digest as it was and stops the
/// build here (early cutoff).
public struct FilesStage: Stage {
  public static let stageName = "files"

  public init() {}

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var inputs: [StageInput] { [.tree(name: "plugin", root: "", filter: PluginIgnoreFilter())] }

  public func run(_ context: StageContext) throws {
    guard let listing = context.tree("plugin") else { return }
    guard !listing.entries.isEmpty else { throw StagesError.emptyPlugin(listing.root) }
    var secrets: [SecretFinding] = []
    for entry in listing.entries {
      if let why = SecretScanner.reason(for: entry.path, absolutePath: entry.sourcePath, size: entry.size) {
        secrets.append(SecretFinding(path: entry.path, why: why))
      }
    }
    guard secrets.isEmpty else { throw StagesError.secretsFound(secrets) }
    // A blob, not inline text: a 3,000-file manifest would otherwise be decoded from the
    // action-cache entry on every null build.
    try context.setBlob("manifest", FileManifest(listing: listing, workspace: context.workspace).bytes)
  }
}
