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
          return modelReference(
            value, in: owner, at: assignment.location, className: summary.name, attribute: "params_model",
            explicit: true)
        }
        for base in ownerSummary.bases where !base.genericArguments.isEmpty {
          guard let baseName = base.name else { continue }
          let baseNode = classNodeForParams(
            resolve(baseName, in: owner, before: ownerSummary.location), written: baseName)
          guard let baseNode, isAction(baseNode) else { continue }
          if let model = modelReference(
            base.genericArguments[0], in: owner, at: ownerSummary.location, className: summary.name,
            attribute: "params_model", explicit: false)
          {
            return model
          }
        }
      case .sdk(let name):
        if case .model(let model)? = SynapseCatalog.actionBases[name]?.attributes["params_model"] {
          return sdkBaseModel(model)
        }
      case .external:
        continue
      }
    }
    return nil
  }

  /// The result model as upstream's `getattr(cls, 'result_model', NoResult)` finds it: the
  /// first class along the MRO that assigns `result_model`, or an SDK base that sets one
  /// (`BaseUploadAction`'s `UploadResult`). `None` and the SDK's `NoResult` sentinel mean none.
  mutating func resultModel(_ order: [ClassNode], summary: PythonClassSummary, module: Int) -> ParamsModel? {
    for node in order {
      switch node {
      case .plugin(let owner, let index):
        let ownerSummary = classSummary(owner, index)
        if let assignment = ownerSummary.assignment(to: "result_model"), let value = assignment.value {
          return modelReference(
            value, in: owner, at: assignment.location, className: summary.name, attribute: "result_model",
            explicit: true)
        }
      case .sdk(let name):
        if case .model(let model)? = SynapseCatalog.actionBases[name]?.attributes["result_model"] {
          return sdkBaseModel(model)
        }
      case .external:
        continue
      }
    }
    return nil
  }

  /// A model an SDK action base sets, under the catalog's import path when the catalog holds it.
  private func sdkBaseModel(_ name: String) -> ParamsModel {
    externalModel(name, path: sdkModels[name]?.qualifiedName ?? "synapse_sdk." + name, fromSDK: true)
  }

  private func classNodeForParams(_ symbol: Symbol, written: String) -> ClassNode? {
    let simple = written.split(separator: ".").last.map(String.init) ?? written
    switch symbol {
    case .pluginClass(let module, let index): return .plugin(module: module, index: index)
    case .sdk(let path): return .sdk(path.split(separator: ".").last.map(String.init) ?? path)
    default: return SynapseCatalog.isActionBase(simple) ? .sdk(simple) : nil
    }
  }

  /// A model that is not a class of the plugin. `fields` stays empty (the `update-config` form
  /// cannot be built from it); an SDK model the catalog holds gets its fields in `allFields`.
  func externalModel(_ name: String, path: String, fromSDK: Bool) -> ParamsModel {
    ParamsModel(
      name: name, qualifiedName: path, file: nil, line: nil, isExternal: true, fields: [], externalBases: [],
      config: [], allFields: fromSDK ? sdkModels[name]?.allFields ?? [] : [])
  }

  /// The model a `params_model = X` (or `result_model = X`) value or a generic argument names.
  /// Upstream ignores a generic argument that is not a pydantic model class (a TypeVar, a string
  /// forward reference), so those give nil quietly, as do `None` and the SDK's `NoResult`.
  private mutating func modelReference(
    _ value: PythonExpression, in module: Int, at location: PythonSourceLocation, className: String,
    attribute: String, explicit: Bool
  ) -> ParamsModel? {
    guard case .name(let dotted) = value else {
      if explicit, value != .none {
        warn(module, location, "class \(className): \(attribute) is too dynamic to read (\(Self.describe(value)))")
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
          warn(module, location, "class \(className): \(attribute) \(dotted) does not derive from pydantic's BaseModel")
        }
        return nil
      }
      return readModel(modelModule, modelIndex)
    case .sdk(let path):
      let name = path.split(separator: ".").last.map(String.init) ?? path
      return name == "NoResult" ? nil : externalModel(name, path: path, fromSDK: true)
    case .external(let path):
      return externalModel(path.split(separator: ".").last.map(String.init) ?? path, path: path, fromSDK: false)
    case .unresolved(let reason):
      let described = String(attribute.map { $0 == "_" ? " " : $0 })
      warn(module, location, "class \(className): \(described) \(dotted) cannot be resolved (\(reason))")
      return nil
    default:
      if explicit { warn(module, location, "class \(className): \(attribute) \(dotted) is not a class") }
      return nil
    }
  }

  /// Reads a plugin model's fields and config, inherited ones first.
  mutating func readModel(_ module: Int, _ index: Int) -> ParamsModel {
    let summary = classSummary(module, index)
    let order = mro(.plugin(module: module, index: index))
    var fields: [ParamsField] = []
    var allFields: [ParamsField] = []
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
          Self.place(field, in: &fields)
          Self.place(field, in: &allFields)
        }
      case .sdk(let name):
        externalBases.append(name)
        for field in sdkModels[name]?.allFields ?? [] { Self.place(field, in: &allFields) }
      case .external(let path):
        let ignored = ["typing.Generic", "abc.ABC", "builtins.object"]
        if !node.isPydanticBaseModel && !ignored.contains(path) { externalBases.append(path) }
      }
    }
    return ParamsModel(
      name: summary.name, qualifiedName: qualifiedName(module, index), file: modules[module].path,
      line: summary.location.line, isExternal: false, fields: fields, externalBases: externalBases, config: config,
      allFields: allFields)
  }

  /// Adds a field the way pydantic collects them along the reversed MRO: a redefinition keeps
  /// the first position and takes the later definition.
  private static func place(_ field: ParamsField, in fields: inout [ParamsField]) {
    if let existing = fields.firstIndex(where: { $0.name == field.name }) {
      fields[existing] = field
    } else {
      fields.append(field)
    }
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
