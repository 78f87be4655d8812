import PythonSource

extension PluginAnalyzer {
  /// The params model as upstream's `__init_subclass__` sets it: the first class along the MRO
  /// that assigns `params_model` or whose generic action base has a pydantic model argument.
  mutating func paramsModel(_ order: [ClassNode], summary: PythonClassSummary, module: Int) -> ParamsModel? {
    for node in order {
      switch node {
      case .plugin(let owner, let index):
        let ownerSummary = classSummary(owner, index)
        if let assignment = ownerSummary.assignment(to: "params_model"), let value = assignment.value {
          return modelReference(value, in: owner, at: assignment.location, className: summary.name, explicit: true)
        }
        for base in ownerSummary.bases where !base.genericArguments.isEmpty {
          guard let baseName = base.name else { continue }
          let baseNode = classNodeForParams(
            resolve(baseName, in: owner, before: ownerSummary.location), written: baseName)
          guard let baseNode, isAction(baseNode) else { continue }
          if let model = modelReference(
            base.genericArguments[0], in: owner, at: ownerSummary.location, className: summary.name, explicit: false)
          {
            return model
          }
        }
      case .sdk(let name):
        if case .model(let model)? = SynapseCatalog.actionBases[name]?.attributes["params_model"] {
          return Self.externalModel(model, path: "synapse_sdk." + model)
        }
      case .external:
        continue
      }
    }
    return nil
  }

  private func classNodeForParams(_ symbol: Symbol, written: String) -> ClassNode? {
    let simple = written.split(separator: ".").last.map(String.init) ?? written
    switch symbol {
    case .pluginClass(let module, let index): return .plugin(module: module, index: index)
    case .sdk(let path): return .sdk(path.split(separator: ".").last.map(String.init) ?? path)
    default: return SynapseCatalog.isActionBase(simple) ? .sdk(simple) : nil
    }
  }

  static func externalModel(_ name: String, path: String) -> ParamsModel {
    ParamsModel(
      name: name, qualifiedName: path, file: nil, line: nil, isExternal: true, fields: [], externalBases: [],
      config: [])
  }

  /// The model a `params_model = X` value or a generic argument names. Upstream ignores a
  /// generic argument that is not a pydantic model class (a TypeVar, a string forward
  /// reference), so those give nil quietly.
  private mutating func modelReference(
    _ value: PythonExpression, in module: Int, at location: PythonSourceLocation, className: String, explicit: Bool
  ) -> ParamsModel? {
    guard case .name(let dotted) = value else {
      if explicit, value != .none {
        warn(module, location, "class \(className): params_model is too dynamic to read (\(Self.describe(value)))")
      }
      return nil
    }
    switch resolve(dotted, in: module, before: location) {
    case .pluginClass(let modelModule, let modelIndex):
      let node = ClassNode.plugin(module: modelModule, index: modelIndex)
      let order = mro(node)
      let isModel = order.contains { node in
        if case .sdk = node { return true }
        return node.isPydanticBaseModel
      }
      guard isModel else {
        if explicit {
          warn(module, location, "class \(className): params_model \(dotted) does not derive from pydantic's BaseModel")
        }
        return nil
      }
      return readModel(modelModule, modelIndex)
    case .sdk(let path):
      return Self.externalModel(path.split(separator: ".").last.map(String.init) ?? path, path: path)
    case .external(let path):
      return Self.externalModel(path.split(separator: ".").last.map(String.init) ?? path, path: path)
    case .unresolved(let reason):
      warn(module, location, "class \(className): params model \(dotted) cannot be resolved (\(reason))")
      return nil
    default:
      if explicit { warn(module, location, "class \(className): params_model \(dotted) is not a class") }
      return nil
    }
  }

  /// Reads a plugin model's fields and config, inherited ones first.
  mutating func readModel(_ module: Int, _ index: Int) -> ParamsModel {
    let summary = classSummary(module, index)
    let order = mro(.plugin(module: module, index: index))
    var fields: [ParamsField] = []
    var externalBases: [String] = []
    var config: [OrderedValue.Entry] = []
    for node in order.reversed() {
      switch node {
      case .plugin(let owner, let ownerIndex):
        let ownerSummary = classSummary(owner, ownerIndex)
        if let assignment = ownerSummary.assignment(to: "model_config"), let value = assignment.value {
          for entry in configEntries(value, module: owner, at: assignment.location, className: ownerSummary.name) {
            config.set(entry.key, entry.value)
          }
        }
        for assignment in ownerSummary.assignments {
          guard let field = field(assignment, module: owner, owner: ownerSummary) else { continue }
          if let existing = fields.firstIndex(where: { $0.name == field.name }) {
            fields[existing] = field
          } else {
            fields.append(field)
          }
        }
      case .sdk(let name):
        externalBases.append(name)
      case .external(let path):
        let ignored = ["typing.Generic", "abc.ABC", "builtins.object"]
        if !node.isPydanticBaseModel && !ignored.contains(path) { externalBases.append(path) }
      }
    }
    return ParamsModel(
      name: summary.name, qualifiedName: qualifiedName(module, index), file: modules[module].path,
      line: summary.location.line, isExternal: false, fields: fields, externalBases: externalBases, config: config)
  }

  /// `model_config = ConfigDict(...)` or `model_config = {...}` as literal entries.
  private mutating func configEntries(
    _ value: PythonExpression, module: Int, at location: PythonSourceLocation, className: String
  ) -> [OrderedValue.Entry] {
    var entries: [OrderedValue.Entry] = []
    switch value {
    case .call(let call) where call.callee.split(separator: ".").last == "ConfigDict":
      for keyword in call.keywords {
        guard let name = keyword.name else {
          warn(module, location, "class \(className): model_config uses ** and cannot be fully read")
          continue
        }
        if let literal = literalValue(keyword.value, in: module, before: location) {
          entries.set(name, literal)
        } else if name == "json_schema_extra" {
          warn(module, location, "class \(className): model_config json_schema_extra is not a literal dict")
        }
      }
    case .dict(let items):
      for item in items {
        guard case .string(let key) = item.key else { continue }
        if let literal = literalValue(item.value, in: module, before: location) {
          entries.set(key, literal)
        } else if key == "json_schema_extra" {
          warn(module, location, "class \(className): model_config json_schema_extra is not a literal dict")
        }
      }
    default:
      warn(module, location, "class \(className): model_config is too dynamic to read (\(Self.describe(value)))")
    }
    return entries
  }
}
