import PythonSource

/// Answers cross-file questions about a plugin's modules: what names refer to, class
/// hierarchies, and which classes are actions. One value per discovery run; its caches live only
/// as long as the run.
struct PluginAnalyzer {
  var modules: [PluginModule] = []
  /// Module name → index; a package (`a/__init__.py`) wins over a module file (`a.py`), as in Python.
  var moduleIndex: [String: Int] = [:]
  /// Every dotted prefix of a module name, so namespace packages resolve.
  var packagePrefixes: Set<String> = []
  var diagnostics: [DiscoveryDiagnostic] = []
  private var reported: Set<DiscoveryDiagnostic> = []
  var mroCache: [ClassNode: [ClassNode]] = [:]
  var mroInProgress: Set<ClassNode> = []
  var basesCache: [ClassNode: [ClassNode]] = [:]
  /// Units of hierarchy work done (base lists read, nodes moved by merges), so tests can
  /// check that discovery stays linear without timing it.
  var work = 0
  /// Every node some plugin class names as a direct base, once asked for.
  var subclassedNodes: Set<ClassNode>?
  /// Bases that could not be resolved, per plugin class, with the reason (for later warnings).
  var unresolvedBases: [ClassNode: [String]] = [:]
  /// SDK pydantic models by simple name, whose fields models deriving from or naming them get.
  let sdkModels: [String: ParamsModel]

  /// - Parameter sdkModels: The SDK's models; the catalog passes none while reading its own.
  init(
    files: [(path: String, summary: PythonModuleSummary)], sdkModels: [String: ParamsModel] = SynapseCatalog.models
  ) {
    self.sdkModels = sdkModels
    for (path, summary) in files {
      let module = PluginModule(path: path, summary: summary)
      let index = modules.count
      modules.append(module)
      for diagnostic in summary.diagnostics {
        report(
          index, diagnostic.location, diagnostic.severity == .error ? .error : .warning, diagnostic.message)
      }
      guard !module.name.isEmpty else { continue }
      if let existing = moduleIndex[module.name] {
        let keepNew = module.isPackage && !modules[existing].isPackage
        let kept = keepNew ? module.path : modules[existing].path
        report(
          index, PythonSourceLocation(line: 1, column: 1), .warning,
          "module \(module.name) is defined by both \(modules[existing].path) and \(path); \(kept) is used")
        if keepNew { moduleIndex[module.name] = index }
      } else {
        moduleIndex[module.name] = index
      }
      var prefix = ""
      for part in module.name.split(separator: ".").dropLast() {
        prefix += (prefix.isEmpty ? "" : ".") + part
        packagePrefixes.insert(prefix)
      }
    }
  }

  /// Records a diagnostic once (the same question can be asked along several paths).
  mutating func report(
    _ module: Int, _ location: PythonSourceLocation, _ severity: DiscoveryDiagnostic.Severity, _ message: String
  ) {
    let diagnostic = DiscoveryDiagnostic(
      file: modules[module].path, line: location.line, column: location.column, severity: severity, message: message)
    if reported.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
  }

  mutating func warn(_ module: Int, _ location: PythonSourceLocation, _ message: String) {
    report(module, location, .warning, message)
  }

  func classSummary(_ module: Int, _ index: Int) -> PythonClassSummary {
    modules[module].summary.classes[index]
  }

  /// `module.Class` for a plugin class.
  func qualifiedName(_ module: Int, _ index: Int) -> String {
    let name = modules[module].name
    let qualified = classSummary(module, index).qualifiedName
    return name.isEmpty ? qualified : name + "." + qualified
  }
}
