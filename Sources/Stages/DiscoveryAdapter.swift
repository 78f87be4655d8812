import Discovery
import PythonSource
import YAML

/// Turns what discovery found into the stage's report: action specs with their FormKit
/// schemas as YAML values, and each module's top-level classes and functions.
enum DiscoveryAdapter {
  static func report(modules: [(path: String, summary: PythonModuleSummary)]) -> DiscoveryReport {
    let result = ActionDiscovery.discover(modules: modules)
    let specs = result.actions.map { action in
      ActionSpec(
        name: action.name, entrypoint: action.entrypoint, method: action.method, inputType: action.inputType,
        outputType: action.outputType,
        uiSchema: action.params.flatMap { FormKit.uiSchema(for: $0, actionName: action.name) }?.map(yaml),
        publishParams: action.params.flatMap(FormKit.publishItems)?.map(yaml),
        publishResult: action.resultModel.flatMap(FormKit.publishItems)?.map(yaml),
        file: action.file, line: action.line)
    }
    var index: [String: DiscoveryReport.ModuleIndex] = [:]
    for (path, summary) in modules {
      let module = PythonFileSelection.moduleName(path)
      index[module] = DiscoveryReport.ModuleIndex(
        file: path, classes: summary.classes.filter(\.isModuleLevel).map(\.name),
        functions: summary.functions.map(\.name),
        actions: result.actions.filter { $0.module == module }.map(\.className),
        sdkClasses: sdkDerivedClasses(summary))
    }
    var diagnostics = result.diagnostics.prefix(DiscoveryReport.diagnosticLimit).map {
      ConfigDiagnostic(file: $0.file, line: $0.line, column: $0.column, message: $0.message)
    }
    if result.diagnostics.count > DiscoveryReport.diagnosticLimit {
      let more = result.diagnostics.count - DiscoveryReport.diagnosticLimit
      let files = Set(result.diagnostics.dropFirst(DiscoveryReport.diagnosticLimit).map(\.file)).count
      diagnostics.append(
        ConfigDiagnostic(
          file: "plugin", line: nil, column: nil, message: "\(more) more discovery warnings in \(files) files not shown"
        ))
    }
    return DiscoveryReport(actions: specs, modules: index, diagnostics: diagnostics)
  }

  /// Module-level classes deriving, directly or through classes of the same module, from a
  /// name imported from the synapse SDK.
  static func sdkDerivedClasses(_ summary: PythonModuleSummary) -> [String] {
    var sdkNames = Set<String>()
    for imp in summary.imports where (imp.module ?? "").hasPrefix("synapse_sdk") && imp.level == 0 {
      for name in imp.names { sdkNames.insert(name.boundName) }
    }
    var derived = Set<String>()
    var changed = true
    let classes = summary.classes.filter(\.isModuleLevel)
    while changed {
      changed = false
      for c in classes where !derived.contains(c.name) {
        let bases = c.bases.compactMap { $0.name }
        if bases.contains(where: {
          sdkNames.contains(String($0.split(separator: ".").first ?? "")) || derived.contains($0)
        }) {
          derived.insert(c.name)
          changed = true
        }
      }
    }
    return classes.map(\.name).filter(derived.contains)
  }

  /// Discovery's ordered values as YAML values, floats in PyYAML's spelling (`1.0e-06`).
  static func yaml(_ value: OrderedValue) -> YAMLValue {
    switch value {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let repr): return .float(pyYAMLFloat(repr))
    case .string(let s): return .string(s)
    case .list(let items): return .sequence(items.map(yaml))
    case .dict(let entries): return .mapping(entries.map { (key: $0.key, value: yaml($0.value)) })
    }
  }

  /// PyYAML's `represent_float`: `repr` lowercased, `.0` inserted before an exponent that
  /// has no fraction, and `.inf`/`.nan` for the specials.
  static func pyYAMLFloat(_ repr: String) -> String {
    switch repr {
    case "inf": return ".inf"
    case "-inf": return "-.inf"
    case "nan": return ".nan"
    default:
      let lower = repr.lowercased()
      guard !lower.contains("."), let e = lower.firstIndex(of: "e") else { return lower }
      return lower[..<e] + ".0" + lower[e...]
    }
  }
}
