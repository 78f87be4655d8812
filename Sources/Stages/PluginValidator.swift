import YAML

/// The checks behind `synapse plugin validate`, as a pure function of the config text, the
/// file manifest, what discovery found and requirements.txt.
public struct PluginValidator {
  public struct Result: Sendable {
    public var errors: [ConfigDiagnostic] = []
    public var warnings: [ConfigDiagnostic] = []
    public var actionCount = 0
    /// What update-config would change, computed for the warnings; nil when the config
    /// has no actions mapping.
    public var sync: ConfigSync.Plan?
  }

  let configPath: String

  public init(configPath: String) {
    self.configPath = configPath
  }

  /// The file older synapse-sdk versions generated at the plugin's root; upstream's
  /// update-config deletes it, and synapse never archives it.
  public static let legacyEntrypointFile = "_synapse_entrypoint.py"

  /// - Parameters:
  ///   - includeSchema: False when the schema stage has already checked (and reported on)
  ///     this config; only the cross-checks against the code run then.
  ///   - parsed: `source` already parsed, when the caller has it (used without the schema).
  ///   - hasLegacyEntrypointFile: Whether ``legacyEntrypointFile`` is in the plugin.
  public func validate(
    config source: [UInt8], parsed: YAMLNode? = nil, discovery: DiscoveryReport, requirements: [UInt8]?,
    includeSchema: Bool = true, hasLegacyEntrypointFile: Bool = false
  ) -> Result {
    var result = Result()
    let root: YAMLNode?
    if includeSchema {
      let checked = SchemaCheck(configPath: configPath).check(source)
      result.errors = checked.errors
      result.warnings = checked.warnings
      root = checked.root
    } else {
      root = parsed ?? (try? YAMLParser.parse(source))
    }
    if let root { checkActions(root, source: source, discovery: discovery, into: &result) }
    for d in discovery.diagnostics { result.warnings.append(d) }
    if hasLegacyEntrypointFile {
      result.warnings.append(
        ConfigDiagnostic(
          file: Self.legacyEntrypointFile, line: nil, column: nil,
          message:
            "left over from an older synapse-sdk, which generated it; it is not archived "
            + "(upstream's update-config deletes it), so delete it"))
    }
    if let requirements {
      for p in RequirementsFile.check(String(decoding: requirements, as: UTF8.self)) {
        result.errors.append(
          ConfigDiagnostic(file: "requirements.txt", line: p.line, column: p.column, message: p.message))
      }
    }
    result.errors.sort { ($0.file, $0.line ?? 0, $0.column ?? 0) < ($1.file, $1.line ?? 0, $1.column ?? 0) }
    return result
  }

  func diagnostic(_ node: YAMLNode?, _ message: String) -> ConfigDiagnostic {
    ConfigDiagnostic(file: configPath, line: node?.start.line, column: node?.start.column, message: message)
  }

  /// Entrypoints against the code, and the config against what discovery found.
  ///
  /// Only an entrypoint that names nothing (no such module, no such class or function) is
  /// an error. One that names something the platform's workers may fail to run (they call
  /// `dispatch(params, context)` on it, which only action classes have) is a warning:
  /// upstream accepts and publishes such plugins, and its own templates write them.
  func checkActions(
    _ root: YAMLNode, source: [UInt8], discovery: DiscoveryReport, into result: inout Result
  ) {
    guard let actions = root.pair(forKey: "actions"), let pairs = actions.value.mapping else { return }
    result.actionCount = pairs.count
    let files = Set(discovery.pythonFiles)
    let specs = Dictionary(discovery.actions.map { ($0.name, $0) }, uniquingKeysWith: { _, later in later })
    for pair in pairs {
      guard let name = pair.key.scalar?.value else { continue }
      let entryNode: YAMLNode
      if case .scalar = pair.value.kind {
        // The schema warns about a legacy string; its entrypoint is checked as any other.
        guard case .string(let legacy) = pair.value.value, !legacy.isEmpty else { continue }
        entryNode = pair.value
      } else if let entry = pair.value.pair(forKey: "entrypoint") {
        entryNode = entry.value
      } else {
        continue
      }
      guard let entrypoint = entryNode.scalar?.value, !entrypoint.isEmpty else { continue }
      let (module, symbol) = Self.split(entrypoint)
      let (shownModule, shownSymbol) = (EchoedValue.shown(module), EchoedValue.shown(symbol))
      let path = module.split(separator: ".").joined(separator: "/")
      let candidates = [path + ".py", path + "/__init__.py"]
      guard let file = candidates.first(where: files.contains) else {
        result.errors.append(
          diagnostic(
            entryNode,
            "actions.\(name).entrypoint: module \(shownModule) not found "
              + "(no \(EchoedValue.shown(candidates[0])) in the plugin)"))
        continue
      }
      if let index = discovery.index(of: module) {
        if index.classes.contains(symbol) {
          // A class deriving from the SDK (an exporter, an abstract base's subclass) may
          // well have `dispatch`; one with no SDK ancestry has none.
          if !index.actions.contains(symbol) && !index.sdkClasses.contains(symbol) {
            result.warnings.append(
              diagnostic(
                entryNode,
                "actions.\(name).entrypoint: \(shownSymbol) in \(file) is a plain class, not an action; the platform's workers run an action by calling \(shownSymbol).dispatch(params, context), which classes get from a synapse action base such as BaseAction, so the platform may not be able to run it"
              ))
          }
        } else if index.functions.contains(symbol) {
          result.warnings.append(
            diagnostic(
              entryNode,
              "actions.\(name).entrypoint: \(symbol) in \(file) is a function, not an action class; the platform's workers run an action by calling \(symbol).dispatch(params, context), which a function does not have, so the platform may not be able to run it"
            ))
        } else {
          result.errors.append(
            diagnostic(
              entryNode, "actions.\(name).entrypoint: \(file) defines no class or function named \(shownSymbol)"))
        }
      }
      guard let spec = specs[name], pair.value.mapping != nil else { continue }
      for (key, wanted) in [("input_type", spec.inputType), ("output_type", spec.outputType)] {
        guard let wanted, let written = pair.value.pair(forKey: key), let value = written.value.scalar?.value,
          value != wanted
        else { continue }
        result.errors.append(
          diagnostic(
            written.value,
            "actions.\(name).\(key): config says \(EchoedValue.shown(value)) but \(spec.file):\(spec.line) declares \(wanted); run synapse plugin update-config"
          ))
      }
    }
    // What update-config would still change is a warning: the plugin works, the backend
    // just sees stale metadata.
    let declared = Set(pairs.compactMap { $0.key.scalar?.value })
    // A legacy string already has the schema's warning, which says to run update-config.
    let legacy = Set(pairs.filter { ConfigSync.legacyEntrypoint($0) != nil }.compactMap { $0.key.scalar?.value })
    let plan = ConfigSync.plan(source: source, root: root, specs: discovery.actions)
    result.sync = plan
    for change in plan.changes where !legacy.contains(change.action) {
      let node = pairs.first { $0.key.scalar?.value == change.action }?.key ?? actions.key
      let what = declared.contains(change.action) ? "is out of date" : "is not in \(configPath)"
      result.warnings.append(
        diagnostic(
          node,
          "action '\(change.action)' \(what) (\(change.changes.joined(separator: ", "))); run synapse plugin update-config"
        ))
    }
  }

  /// `a.b:C` or `a.b.C` → (`a.b`, `C`).
  static func split(_ entrypoint: String) -> (module: String, symbol: String) {
    if let colon = entrypoint.firstIndex(of: ":") {
      return (String(entrypoint[..<colon]), String(entrypoint[entrypoint.index(after: colon)...]))
    }
    guard let dot = entrypoint.lastIndex(of: ".") else { return (entrypoint, "") }
    return (String(entrypoint[..<dot]), String(entrypoint[entrypoint.index(after: dot)...]))
  }
}
