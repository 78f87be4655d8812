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
  ///   - plan: ``ConfigSync``'s plan for `source` (validation has made it already).
  /// - Returns: `source` itself when nothing needs to change.
  /// - Throws: ``StagesError/internalError(_:)`` when the edits would not give YAML (a bug
  ///   in the edits, never shipped as a broken config).
  public static func derive(source: [UInt8], plan: ConfigSync.Plan) throws -> [UInt8] {
    guard !plan.dottedEdits.isEmpty else { return source }
    do {
      let synced = try YAMLEditor(source: source).apply(plan.dottedEdits)
      // Without changes the edits only turn `a.b:C` into `a.b.C` inside scalars of the same
      // style, which cannot break the YAML; edits that write values are parsed again.
      if !plan.changes.isEmpty, try YAMLParser.parse(synced) == nil {
        throw YAMLError(message: "empty result", position: nil)
      }
      return synced
    } catch {
      throw StagesError.internalError(
        "the synced config.yaml for the archive does not parse (\(error)); run synapse plugin update-config and build again"
      )
    }
  }

  /// The same, planning the edits from the parsed config and what discovery found.
  public static func derive(source: [UInt8], root: YAMLNode, specs: [ActionSpec]) throws -> [UInt8] {
    try derive(source: source, plan: ConfigSync.plan(source: source, root: root, specs: specs))
  }
}
