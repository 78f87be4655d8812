import PythonSource

extension PluginAnalyzer {
  /// Finds the action classes of every module, in upstream's order.
  mutating func discoverActions() -> [DiscoveredAction] {
    var found: [DiscoveredAction] = []
    var positions: [String: Int] = [:]
    for module in modules.indices where !modules[module].name.isEmpty {
      if modules[module].summary.hasErrors {
        warn(
          module, PythonSourceLocation(line: 1, column: 1),
          "the file has syntax errors; like upstream, no actions are read from it")
        continue
      }
      for action in actions(in: module) {
        if let position = positions[action.name] {
          let earlier = found[position]
          warn(
            module, PythonSourceLocation(line: action.line, column: action.column),
            "action '\(action.name)' is also defined by \(earlier.entrypoint); the later \(action.entrypoint) wins")
          found[position] = action
        } else {
          positions[action.name] = found.count
          found.append(action)
        }
      }
    }
    return found
  }

  /// The actions of one module: upstream's candidates (classes with a base whose name contains
  /// `Action` or `Base`), in `ast.walk` order, looked up as module attributes.
  private mutating func actions(in module: Int) -> [DiscoveredAction] {
    let classes = modules[module].summary.classes
    let ordered = classes.indices.sorted {
      (classes[$0].syntaxDepth, classes[$0].location) < (classes[$1].syntaxDepth, classes[$1].location)
    }
    var seen: Set<String> = []
    var result: [DiscoveredAction] = []
    for index in ordered {
      let summary = classes[index]
      guard Self.isUpstreamCandidate(summary) else {
        if summary.isModuleLevel, isAction(.plugin(module: module, index: index)),
          abstractMethods(of: mro(.plugin(module: module, index: index))).isEmpty
        {
          warn(
            module, summary.location,
            "class \(summary.name) derives from an action base, but upstream only considers classes with a base "
              + "whose name contains 'Action' or 'Base', so it is not discovered")
        }
        continue
      }
      guard summary.isModuleLevel else {
        if isAction(.plugin(module: module, index: index)) {
          warn(
            module, summary.location,
            "class \(summary.qualifiedName) is nested, so it is not a module attribute and is not discovered")
        }
        continue
      }
      guard seen.insert(summary.name).inserted else { continue }
      guard case .classDefinition(let finalIndex)? = modules[module].binding(of: summary.name, before: nil)?.kind else {
        warn(
          module, summary.location,
          "\(summary.name) is rebound after its class statement; the module attribute is not this class, "
            + "so it is skipped"
        )
        continue
      }
      if let action = action(module: module, index: finalIndex) { result.append(action) }
    }
    return result
  }

  /// Upstream's AST pre-filter: some base's name (the attribute or subscripted name) contains
  /// `Action` or `Base`.
  static func isUpstreamCandidate(_ summary: PythonClassSummary) -> Bool {
    summary.bases.contains { base in
      guard let name = base.simpleName else { return false }
      return name.contains("Action") || name.contains("Base")
    }
  }

  private mutating func action(module: Int, index: Int) -> DiscoveredAction? {
    let node = ClassNode.plugin(module: module, index: index)
    let summary = classSummary(module, index)
    let order = mro(node)
    guard order.contains(.sdk(SynapseCatalog.rootActionBase)) else {
      if let unresolved = unresolvedBases[node], !unresolved.isEmpty {
        warn(
          module, summary.location,
          "class \(summary.name): cannot tell whether it is an action; unresolved base "
            + unresolved.joined(separator: ", "))
      }
      return nil
    }
    let abstract = abstractMethods(of: order)
    guard abstract.isEmpty else {
      if !hasPluginSubclass(node) {
        warn(
          module, summary.location,
          "class \(summary.name) is abstract (\(abstract.joined(separator: ", ")) not implemented), "
            + "so it is not an action"
        )
      }
      return nil
    }
    let name = actionName(order, summary: summary, module: module)
    let moduleName = modules[module].name
    return DiscoveredAction(
      name: name, className: summary.name, module: moduleName, entrypoint: moduleName + "." + summary.name,
      file: modules[module].path, line: summary.location.line, column: summary.location.column,
      inputType: dataType("input_type", order, summary: summary, module: module),
      outputType: dataType("output_type", order, summary: summary, module: module),
      method: method(order, summary: summary, module: module),
      params: paramsModel(order, summary: summary, module: module),
      resultModel: resultModel(order, summary: summary, module: module))
  }

  /// Whether some plugin class names `node` as a direct base. The set of such bases is built
  /// once per run: asking every class for every abstract class is quadratic.
  private mutating func hasPluginSubclass(_ node: ClassNode) -> Bool {
    if let known = subclassedNodes { return known.contains(node) }
    var known: Set<ClassNode> = []
    for module in modules.indices {
      for index in modules[module].summary.classes.indices {
        known.formUnion(bases(of: .plugin(module: module, index: index)))
      }
    }
    subclassedNodes = known
    return known.contains(node)
  }

  /// `action_name` through the MRO, else the class name minus a trailing `Action`, lowercased.
  private mutating func actionName(_ order: [ClassNode], summary: PythonClassSummary, module: Int) -> String {
    var derived = summary.name
    if derived.hasSuffix("Action") { derived.removeLast(6) }
    derived = derived.lowercased()
    switch lookup("action_name", in: order)?.definition {
    case .assignment(let assignment, let owner)?:
      guard let value = assignment.value else { return derived }
      switch stringValue(value, in: owner, before: assignment.location) {
      case .string(let text) where !text.isEmpty:
        return text
      case .string, .none:
        return derived
      case .unreadable(let reason):
        warn(
          owner, assignment.location,
          "class \(summary.name): action_name cannot be read statically (\(reason)); using '\(derived)'")
        return derived
      }
    case .sdk(.string(let text))?:
      return text
    case .method?, .nestedClass?:
      warn(module, summary.location, "class \(summary.name): action_name is not a string; using '\(derived)'")
      return derived
    default:
      return derived
    }
  }

  /// The `name` of the DataType class set as `input_type`/`output_type`.
  private mutating func dataType(
    _ attribute: String, _ order: [ClassNode], summary: PythonClassSummary, module: Int
  ) -> String? {
    switch lookup(attribute, in: order)?.definition {
    case .assignment(let assignment, let owner)?:
      guard let value = assignment.value else { return nil }
      return dataTypeName(value, attribute: attribute, className: summary.name, module: owner, at: assignment.location)
    case .sdk(.dataType(let name))?:
      return name
    case .nestedClass(let nestedModule, let nestedIndex)?:
      return dataTypeName(ofClass: .plugin(module: nestedModule, index: nestedIndex))
    default:
      return nil
    }
  }

  private mutating func dataTypeName(
    _ value: PythonExpression, attribute: String, className: String, module: Int, at location: PythonSourceLocation
  ) -> String? {
    switch value {
    case .none:
      return nil
    case .name(let dotted):
      let simple = dotted.split(separator: ".").last.map(String.init) ?? dotted
      switch resolve(dotted, in: module, before: location) {
      case .sdk(let path):
        let name = path.split(separator: ".").last.map(String.init) ?? path
        if let known = SynapseCatalog.dataTypes[name] { return known.name }
        warn(module, location, "class \(className): \(attribute) \(dotted) is not a known synapse_sdk DataType")
        return nil
      case .pluginClass(let typeModule, let typeIndex):
        return dataTypeName(ofClass: .plugin(module: typeModule, index: typeIndex))
      case .unresolved(let reason):
        if let known = SynapseCatalog.dataTypes[simple] {
          warn(
            module, location,
            "class \(className): \(attribute) \(dotted) cannot be resolved (\(reason)); assumed to be synapse_sdk's")
          return known.name
        }
        warn(module, location, "class \(className): \(attribute) \(dotted) cannot be resolved (\(reason))")
        return nil
      case .constant(.none):
        return nil
      case .constant(.string):
        warn(
          module, location,
          "class \(className): \(attribute) is a string; upstream reads the DataType class's name and ignores strings")
        return nil
      default:
        warn(module, location, "class \(className): \(attribute) \(dotted) is not a DataType class")
        return nil
      }
    case .string:
      warn(
        module, location,
        "class \(className): \(attribute) is a string; upstream reads the DataType class's name and ignores strings")
      return nil
    default:
      warn(module, location, "class \(className): \(attribute) is too dynamic to read (\(Self.describe(value)))")
      return nil
    }
  }

  /// A DataType class's `name`: its own or inherited literal, or the SDK parent's.
  private mutating func dataTypeName(ofClass node: ClassNode) -> String? {
    let order = mro(node)
    switch lookup("name", in: order)?.definition {
    case .assignment(let assignment, let owner)?:
      guard let value = assignment.value else { return nil }
      switch stringValue(value, in: owner, before: assignment.location) {
      case .string(let text): return text
      case .none: return nil
      case .unreadable(let reason):
        warn(owner, assignment.location, "DataType name cannot be read statically (\(reason))")
        return nil
      }
    case .sdk(.string(let text))?:
      return text
    default:
      return nil
    }
  }

  /// The `method` class attribute as upstream's `str(cls.method)` would give it.
  private mutating func method(_ order: [ClassNode], summary: PythonClassSummary, module: Int) -> String? {
    guard let found = lookup("method", in: order) else { return nil }
    guard case .assignment(let assignment, let owner) = found.definition, let value = assignment.value else {
      if case .sdk(.string(let text)) = found.definition { return text }
      warn(module, summary.location, "class \(summary.name): method is not a value that can be read")
      return nil
    }
    if case .name(let dotted) = value {
      let parts = dotted.split(separator: ".").map(String.init)
      if parts.count >= 2, parts[parts.count - 2] == "RunMethod",
        let method = SynapseCatalog.runMethods[parts[parts.count - 1]]
      {
        return method
      }
    }
    switch stringValue(value, in: owner, before: assignment.location) {
    case .string(let text): return text
    case .none: return nil
    case .unreadable(let reason):
      warn(owner, assignment.location, "class \(summary.name): method cannot be read statically (\(reason))")
      return nil
    }
  }
}
