import PythonSource

extension PluginAnalyzer {
  /// Where a class attribute found by MRO lookup is defined.
  enum Definition {
    /// An assignment in a plugin class body (`module` is the defining class's module).
    case assignment(PythonAssignment, module: Int)
    case method(PythonFunctionSummary)
    case nestedClass(module: Int, index: Int)
    /// A value an SDK base sets.
    case sdk(SynapseCatalog.AttributeValue)
  }

  /// The direct bases of a class as graph nodes (`object` left out), resolving base names in the
  /// class's module as of the class statement.
  mutating func bases(of node: ClassNode) -> [ClassNode] {
    work += 1
    if let cached = basesCache[node] { return cached }
    var result: [ClassNode] = []
    switch node {
    case .plugin(let module, let index):
      let summary = classSummary(module, index)
      for base in summary.bases {
        guard let name = base.name else { continue }
        let symbol = resolve(name, in: module, before: summary.location)
        if case .builtin("object") = symbol { continue }
        result.append(classNode(for: symbol, written: name, module: module, index: index))
      }
    case .sdk(let name):
      if let parents = SynapseCatalog.actionBases[name]?.parents {
        result = parents.map { .sdk($0) }
      } else if let parent = SynapseCatalog.dataTypes[name]?.parent {
        result = [.sdk(parent)]
      }
    case .external:
      break
    }
    basesCache[node] = result
    return result
  }

  /// The graph node for a resolved base. Synapse names that cannot be traced to `synapse_sdk`
  /// still count as the SDK's classes, with a warning saying so.
  private mutating func classNode(for symbol: Symbol, written: String, module: Int, index: Int) -> ClassNode {
    let owner = classSummary(module, index)
    let simple = written.split(separator: ".").last.map(String.init) ?? written
    let known = SynapseCatalog.isActionBase(simple) || SynapseCatalog.dataTypes[simple] != nil
    switch symbol {
    case .pluginClass(let baseModule, let baseIndex):
      return .plugin(module: baseModule, index: baseIndex)
    case .sdk(let path):
      return .sdk(path.split(separator: ".").last.map(String.init) ?? path)
    case .external(let path):
      let imported = path.split(separator: ".").last.map(String.init) ?? path
      guard SynapseCatalog.isActionBase(imported) || SynapseCatalog.dataTypes[imported] != nil else {
        return .external(path)
      }
      warn(
        module, owner.location,
        "class \(owner.name): base \(written) comes from \(path) rather than synapse_sdk; "
          + "treated as synapse_sdk's \(imported)"
      )
      return .sdk(imported)
    case .unresolved(let reason):
      guard known else {
        unresolvedBases[.plugin(module: module, index: index), default: []].append(
          "\(written) (\(reason))")
        return .external(written)
      }
      warn(
        module, owner.location,
        "class \(owner.name): base \(written) cannot be resolved (\(reason)); assumed to be synapse_sdk's \(simple)")
      return .sdk(simple)
    case .builtin(let name):
      return .external("builtins." + name)
    case .module(let path):
      return .external(path)
    case .constant:
      return .external(written)
    }
  }

  /// Deeper class chains (or name indirections) are cut off, which bounds recursion on any input.
  static let maximumHierarchyDepth = 200

  /// Python's C3 method resolution order, starting with `node` itself. Unresolvable orders and
  /// cycles (impossible in running Python, possible when names are misread) fall back to a
  /// depth-first order with a warning.
  mutating func mro(_ node: ClassNode) -> [ClassNode] {
    if let cached = mroCache[node] { return cached }
    guard !mroInProgress.contains(node), mroInProgress.count < Self.maximumHierarchyDepth else {
      if case .plugin(let module, let index) = node {
        let summary = classSummary(module, index)
        let problem = mroInProgress.contains(node) ? "inheritance cycle" : "inheritance chain too deep to follow"
        warn(module, summary.location, "class \(summary.name): \(problem); its bases are ignored")
      }
      return [node]
    }
    mroInProgress.insert(node)
    defer { mroInProgress.remove(node) }
    let parents = bases(of: node)
    let merge = C3Merge(parents.map { mro($0) } + [parents])
    work += merge.steps
    var result = [node] + merge.merged
    if !merge.remaining.isEmpty {
      if case .plugin(let module, let index) = node {
        let summary = classSummary(module, index)
        warn(
          module, summary.location,
          "class \(summary.name): no consistent method resolution order; using depth-first order")
      }
      result.append(contentsOf: merge.remaining.flatMap { $0 })
    }
    var seen: Set<ClassNode> = []
    result = result.filter { seen.insert($0).inserted }
    mroCache[node] = result
    return result
  }

  /// Whether a class derives from the SDK's `BaseAction`.
  mutating func isAction(_ node: ClassNode) -> Bool {
    mro(node).contains(.sdk(SynapseCatalog.rootActionBase))
  }

  /// The first definition of `attribute` along `mro`.
  func lookup(_ attribute: String, in mro: [ClassNode]) -> (node: ClassNode, definition: Definition)? {
    for node in mro {
      switch node {
      case .plugin(let module, let index):
        if let definition = definition(of: attribute, in: module, index) { return (node, definition) }
      case .sdk(let name):
        if let value = SynapseCatalog.actionBases[name]?.attributes[attribute] { return (node, .sdk(value)) }
        if attribute == "name", let dataType = SynapseCatalog.dataTypes[name] {
          return (node, .sdk(.string(dataType.name)))
        }
      case .external:
        continue
      }
    }
    return nil
  }

  /// What a plugin class body itself binds to `attribute` (its last binding statement).
  func definition(of attribute: String, in module: Int, _ index: Int) -> Definition? {
    let summary = classSummary(module, index)
    var best: (PythonSourceLocation, Definition)?
    func consider(_ location: PythonSourceLocation, _ definition: Definition) {
      if let current = best, location < current.0 { return }
      best = (location, definition)
    }
    if let assignment = summary.assignment(to: attribute) {
      consider(assignment.location, .assignment(assignment, module: module))
    }
    if let method = summary.methods.last(where: { $0.name == attribute }) {
      consider(method.location, .method(method))
    }
    if summary.nestedClassNames.contains(attribute) {
      let qualified = summary.qualifiedName + "." + attribute
      if let nested = modules[module].classIndices(qualifiedName: qualified).last {
        consider(classSummary(module, nested).location, .nestedClass(module: module, index: nested))
      }
    }
    return best?.1
  }

  /// Names of methods still abstract for a class with this MRO (what `inspect.isabstract` checks).
  func abstractMethods(of mro: [ClassNode]) -> [String] {
    var declared: [String] = []
    for node in mro {
      switch node {
      case .plugin(let module, let index):
        for method in classSummary(module, index).methods
        where Self.isAbstract(method) && !declared.contains(method.name) {
          declared.append(method.name)
        }
      case .sdk(let name):
        for method in SynapseCatalog.actionBases[name]?.abstractMethods ?? [] where !declared.contains(method) {
          declared.append(method)
        }
      case .external:
        continue
      }
    }
    return declared.filter { name in
      for node in mro {
        switch node {
        case .plugin(let module, let index):
          guard let definition = definition(of: name, in: module, index) else { continue }
          if case .method(let method) = definition { return Self.isAbstract(method) }
          return false
        case .sdk(let base):
          guard let entry = SynapseCatalog.actionBases[base] else { continue }
          if entry.abstractMethods.contains(name) { return true }
          if entry.concreteMethods.contains(name) { return false }
        case .external:
          continue
        }
      }
      return false
    }
  }

  static func isAbstract(_ method: PythonFunctionSummary) -> Bool {
    method.decorators.contains { decorator in
      guard case .name(let dotted) = decorator else { return false }
      let last = dotted.split(separator: ".").last.map(String.init) ?? dotted
      return ["abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"].contains(last)
    }
  }
}
