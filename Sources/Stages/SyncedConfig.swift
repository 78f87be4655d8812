import YAML

/// The config.yaml an archive carries: what `update-config` would write (the same surgical
/// edits, so the author's comments and layout stay), with every entrypoint in the dot form
/// upstream's workers split on the last dot.
///
/// Upstream syncs the file itself before zipping it; synapse derives this text inside the
/// build instead, so the author's file is never written by `build` or `publish`.
public enum SyncedConfig {
  /// - Parameters:
  ///   - source: config.yaml as written.
  ///   - root: `source` parsed.
  ///   - specs: What discovery found.
  /// - Returns: `source` itself when nothing needs to change.
  /// - Throws: ``StagesError/internalError(_:)`` when the edits would not give YAML (a bug
  ///   in the edits, never shipped as a broken config).
  public static func derive(source: [UInt8], root: YAMLNode, specs: [ActionSpec]) throws -> [UInt8] {
    let plan = ConfigSync.plan(source: source, root: root, specs: specs, entrypoints: .dotted)
    guard !plan.edits.isEmpty else { return source }
    let synced: [UInt8]
    do {
      synced = try YAMLEditor(source: source).apply(plan.edits)
      guard try YAMLParser.parse(synced) != nil else { throw YAMLError(message: "empty result", position: nil) }
    } catch {
      throw StagesError.internalError("the synced config.yaml for the archive does not parse (\(error)); run synapse plugin update-config and build again")
    }
    return synced
  }
}
