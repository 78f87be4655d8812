import PythonSource

extension PluginAnalyzer {
  /// Resolves a dotted name as written in `module` at `location`.
  func resolve(_ dotted: String, in module: Int, before location: PythonSourceLocation?) -> Symbol {
    var visiting: Set<String> = []
    return resolve(dotted, in: module, before: location, visiting: &visiting)
  }

  private func resolve(
    _ dotted: String, in module: Int, before location: PythonSourceLocation?, visiting: inout Set<String>
  ) -> Symbol {
    let parts = dotted.split(separator: ".").map(String.init)
    guard let head = parts.first else { return .unresolved("empty name") }
    var symbol = lookup(head, in: module, before: location, visiting: &visiting)
    for part in parts.dropFirst() {
      symbol = member(of: symbol, part, visiting: &visiting)
    }
    return symbol
  }

  /// What `name` is bound to at module level in `module`.
  private func lookup(
    _ name: String, in module: Int, before location: PythonSourceLocation?, visiting: inout Set<String>
  ) -> Symbol {
    let key = "\(module)|\(name)"
    guard !visiting.contains(key) else { return .unresolved("\(name) is part of an import cycle") }
    guard visiting.count < Self.maximumHierarchyDepth else {
      return .unresolved("\(name) goes through too many aliases")
    }
    visiting.insert(key)
    defer { visiting.remove(key) }
    let source = modules[module]
    guard let binding = source.binding(of: name, before: location) else {
      for star in source.starImports.reversed() {
        guard let star else { continue }
        if let index = moduleIndex[star], modules[index].binding(of: name, before: nil) != nil {
          return lookup(name, in: index, before: nil, visiting: &visiting)
        }
        if isSDK(star) && isKnownSDKName(name) { return .sdk(star + "." + name) }
      }
      if SynapseCatalog.builtins.contains(name) { return .builtin(name) }
      return .unresolved("\(name) is not defined or imported in \(source.path)")
    }
    switch binding.kind {
    case .classDefinition(let index):
      return .pluginClass(module: module, index: index)
    case .module(let target):
      return .module(target)
    case .imported(let sourceModule, let importedName, let statement):
      guard let sourceModule else {
        return .unresolved("relative import 'from \(statement) import \(importedName)' leaves the plugin")
      }
      return moduleMember(sourceModule, importedName, visiting: &visiting)
    case .assignment(let index):
      let assignment = source.summary.assignments[index]
      guard let value = assignment.value else { return .unresolved("\(name) has no value") }
      if case .name(let dotted) = value {
        return resolve(dotted, in: module, before: assignment.location, visiting: &visiting)
      }
      if value.isLiteral { return .constant(value) }
      return .unresolved("\(name) is assigned a dynamic value (\(assignment.valueText ?? ""))")
    case .function:
      return .unresolved("\(name) is a function")
    }
  }

  /// `name` looked up as an attribute of the module `moduleName` (`from moduleName import name`).
  private func moduleMember(_ moduleName: String, _ name: String, visiting: inout Set<String>) -> Symbol {
    if let index = moduleIndex[moduleName] {
      if modules[index].binding(of: name, before: nil) != nil || !modules[index].starImports.isEmpty {
        let symbol = lookup(name, in: index, before: nil, visiting: &visiting)
        if case .unresolved = symbol, moduleIndex[moduleName + "." + name] != nil {
          return .module(moduleName + "." + name)
        }
        return symbol
      }
      if moduleIndex[moduleName + "." + name] != nil || packagePrefixes.contains(moduleName + "." + name) {
        return .module(moduleName + "." + name)
      }
      return .unresolved("\(name) is not defined in \(modules[index].path)")
    }
    if packagePrefixes.contains(moduleName) {
      let child = moduleName + "." + name
      if moduleIndex[child] != nil || packagePrefixes.contains(child) { return .module(child) }
      return .unresolved("module \(child) is not among the plugin's files")
    }
    if isSDK(moduleName) { return .sdk(moduleName + "." + name) }
    return .external(moduleName + "." + name)
  }

  private func member(of symbol: Symbol, _ name: String, visiting: inout Set<String>) -> Symbol {
    switch symbol {
    case .module(let moduleName):
      return moduleMember(moduleName, name, visiting: &visiting)
    case .sdk(let path):
      return .sdk(path + "." + name)
    case .external(let path):
      return .external(path + "." + name)
    case .pluginClass(let module, let index):
      let outer = classSummary(module, index)
      let qualified = outer.qualifiedName + "." + name
      if let nested = modules[module].classIndices(qualifiedName: qualified).first {
        return .pluginClass(module: module, index: nested)
      }
      if let value = outer.assignment(to: name)?.value, value.isLiteral { return .constant(value) }
      return .unresolved("\(outer.name).\(name) cannot be read")
    case .builtin(let builtin):
      return .unresolved("\(builtin).\(name) is a builtin attribute")
    case .constant:
      return .unresolved("attribute \(name) of a constant")
    case .unresolved(let reason):
      return .unresolved(reason)
    }
  }

  func isSDK(_ moduleName: String) -> Bool {
    moduleName == "synapse_sdk" || moduleName.hasPrefix("synapse_sdk.")
  }

  private func isKnownSDKName(_ name: String) -> Bool {
    SynapseCatalog.isActionBase(name) || SynapseCatalog.dataTypes[name] != nil || name == "RunMethod"
      || SynapseCatalog.fullyExcludedParamsBases.contains(name) || sdkModels[name] != nil
  }
}
