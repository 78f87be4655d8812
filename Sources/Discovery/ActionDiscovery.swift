import PythonSource

/// Finds a plugin's action classes statically, the way upstream's importing discovery would,
/// without running any of the plugin's code.
///
/// Upstream imports each candidate module and checks `issubclass(cls, BaseAction)`; here the
/// same question is answered from per-file summaries: base names are resolved through imports
/// (absolute and relative) and same-module definitions across the plugin's files, hierarchies
/// are linearized with Python's C3 order, and the SDK's own classes come from a built-in table
/// (see `SynapseCatalog`). Classes that are abstract (an `@abstractmethod`, the SDK's included,
/// left unimplemented) are skipped, as `inspect.isabstract` makes upstream do. Upstream's
/// fallback when an import fails (missing dependencies) is not modelled: discovery answers as
/// if every import succeeded.
public enum ActionDiscovery {
  /// Discovers the actions of a plugin.
  ///
  /// - Parameter modules: The plugin's Python files, already filtered (no virtualenvs, tests,
  ///   ignored paths), in the order upstream would meet them: `path` relative to the plugin
  ///   directory with `/` separators (`plugin/train.py`), and the file's `scan` summary.
  /// - Returns: The actions, and diagnostics sorted by file (in the order given) and position.
  public static func discover(modules: [(path: String, summary: PythonModuleSummary)]) -> DiscoveryResult {
    discoverCountingWork(modules: modules).result
  }

  /// ``discover(modules:)`` and the hierarchy work it did (``PluginAnalyzer/work``).
  static func discoverCountingWork(
    modules: [(path: String, summary: PythonModuleSummary)]
  ) -> (result: DiscoveryResult, work: Int) {
    var analyzer = PluginAnalyzer(files: modules)
    let actions = analyzer.discoverActions()
    for index in actions.indices {
      guard let model = actions[index].params else { continue }
      reportFormLimits(model, action: actions[index], into: &analyzer)
    }
    let order = Dictionary(
      modules.enumerated().map { ($0.element.path, $0.offset) }, uniquingKeysWith: { first, _ in first })
    let diagnostics = analyzer.diagnostics.enumerated().sorted { lhs, rhs in
      let left = (order[lhs.element.file] ?? Int.max, lhs.element.line, lhs.element.column, lhs.offset)
      let right = (order[rhs.element.file] ?? Int.max, rhs.element.line, rhs.element.column, rhs.offset)
      return left < right
    }.map(\.element)
    return (DiscoveryResult(actions: actions, diagnostics: diagnostics), analyzer.work)
  }

  /// The dotted module name upstream gives a file (`pkg/__init__.py` → `pkg`), or nil for the
  /// plugin root's `__init__.py`, which upstream skips.
  public static func moduleName(forPath path: String) -> String? {
    let name = PluginModule(path: path, summary: PythonModuleSummary()).name
    return name.isEmpty ? nil : name
  }

  /// Warns when an action's hyperparameter form cannot be complete.
  private static func reportFormLimits(
    _ model: ParamsModel, action: DiscoveredAction, into analyzer: inout PluginAnalyzer
  ) {
    guard FormKit.hyperparameterActions.contains(action.name),
      let module = analyzer.modules.firstIndex(where: { $0.path == action.file })
    else { return }
    let location = PythonSourceLocation(line: action.line, column: action.column)
    if model.isExternal {
      analyzer.warn(
        module, location,
        "action '\(action.name)': params model \(model.qualifiedName) is not part of the plugin, "
          + "so its form cannot be generated"
      )
      return
    }
    let unknown = model.externalBases.filter { !SynapseCatalog.fullyExcludedParamsBases.contains($0) }
    if !unknown.isEmpty {
      analyzer.warn(
        module, location,
        "action '\(action.name)': fields inherited from \(unknown.joined(separator: ", ")) cannot be read "
          + "and are missing from its form"
      )
    }
  }
}
