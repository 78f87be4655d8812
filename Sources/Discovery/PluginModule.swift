import PythonSource

/// One Python file of the plugin, with its module name and module-level bindings indexed.
struct PluginModule {
  /// What a module-level name is bound to by one statement.
  enum BindingKind {
    case classDefinition(Int)
    /// `import a.b as c` binds the module `a.b`; `import a.b` binds `a`.
    case module(String)
    /// `from source import name`; `source` is nil when a relative import leaves the plugin.
    case imported(source: String?, name: String, statement: String)
    case assignment(Int)
    case function
  }

  struct Binding {
    var kind: BindingKind
    var location: PythonSourceLocation
  }

  let path: String
  /// Dotted module name; empty for the plugin root's `__init__.py`.
  let name: String
  let isPackage: Bool
  let summary: PythonModuleSummary
  private(set) var bindings: [String: [Binding]] = [:]
  /// Class indices by qualified name (`Outer.Inner`), in source order: dotted bases look
  /// nested classes up, and a scan per lookup would be quadratic in the number of classes.
  private var classesByQualifiedName: [String: [Int]] = [:]
  /// Absolute source modules of `from m import *` statements (nil: a relative import leaving the plugin).
  private(set) var starImports: [String?] = []

  init(path: String, summary: PythonModuleSummary) {
    self.path = path
    self.summary = summary
    var relative = path
    while relative.hasPrefix("./") { relative.removeFirst(2) }
    if relative.hasSuffix(".py") { relative.removeLast(3) }
    var parts = relative.split(separator: "/").map(String.init)
    isPackage = parts.last == "__init__"
    if isPackage { parts.removeLast() }
    name = parts.joined(separator: ".")
    indexBindings()
  }

  /// The package relative imports start from.
  var package: String {
    if isPackage { return name }
    guard let dot = name.lastIndex(of: ".") else { return "" }
    return String(name[..<dot])
  }

  /// The absolute module a `from` import names, or nil when it climbs out of the plugin.
  func absoluteModule(_ module: String?, level: Int) -> String? {
    guard level > 0 else { return module }
    var base = package.split(separator: ".").map(String.init)
    guard base.count >= level else { return nil }
    base.removeLast(level - 1)
    if let module { base.append(contentsOf: module.split(separator: ".").map(String.init)) }
    return base.joined(separator: ".")
  }

  func classIndices(qualifiedName: String) -> [Int] {
    classesByQualifiedName[qualifiedName] ?? []
  }

  private mutating func indexBindings() {
    for (index, item) in summary.classes.enumerated() {
      classesByQualifiedName[item.qualifiedName, default: []].append(index)
    }
    for (index, item) in summary.classes.enumerated() where item.isModuleLevel {
      bind(item.name, .classDefinition(index), at: item.location)
    }
    for item in summary.functions {
      bind(item.name, .function, at: item.location)
    }
    for (index, item) in summary.assignments.enumerated() {
      for target in item.targets { bind(target, .assignment(index), at: item.location) }
    }
    for item in summary.imports where item.isModuleLevel {
      switch item.kind {
      case .module:
        for imported in item.names {
          let target = imported.alias == nil ? imported.boundName : imported.name
          bind(imported.boundName, .module(target), at: item.location)
        }
      case .from:
        let source = absoluteModule(item.module, level: item.level)
        let statement = String(repeating: ".", count: item.level) + (item.module ?? "")
        for imported in item.names {
          if imported.name == "*" {
            starImports.append(source)
          } else {
            bind(
              imported.boundName, .imported(source: source, name: imported.name, statement: statement),
              at: item.location)
          }
        }
      }
    }
    for key in bindings.keys { bindings[key]?.sort { $0.location < $1.location } }
  }

  private mutating func bind(_ name: String, _ kind: BindingKind, at location: PythonSourceLocation) {
    bindings[name, default: []].append(Binding(kind: kind, location: location))
  }

  /// The binding of `name` in effect at `location` (the last one before it), else the module's
  /// final binding of the name.
  func binding(of name: String, before location: PythonSourceLocation?) -> Binding? {
    guard let all = bindings[name], !all.isEmpty else { return nil }
    guard let location else { return all.last }
    // Sorted by location: the last binding before it by binary search, since a module can
    // rebind one name thousands of times.
    var low = 0
    var high = all.count
    while low < high {
      let mid = (low + high) / 2
      if all[mid].location < location { low = mid + 1 } else { high = mid }
    }
    return low > 0 ? all[low - 1] : all.last
  }
}
