/// FormKit form schemas from params models, built the way upstream's `pydantic_to_ui_schema`
/// and its hyperparameters syncer build them.
public enum FormKit {
  /// Actions whose params get a form in `config.yaml`: `train`/`tune` under
  /// `hyperparameters.train_ui_schemas`, `upload` under `ui_schema`.
  public static let hyperparameterActions: Set<String> = ["train", "tune", "upload"]

  /// Pipeline fields upstream leaves out of hyperparameter forms.
  public static let excludedFieldNames: Set<String> = [
    "data_path", "dataset_path", "dataset", "splits", "checkpoint", "model_path", "weights_path", "output_path",
    "work_dir", "is_tune", "hyperparameters",
  ]

  /// The hyperparameter form upstream's sync writes for an action, or nil when it writes none:
  /// the action is not `train`/`tune`/`upload`, the model opts out with
  /// `json_schema_extra={'exclude_from_ui': True}` in its config, the model is not part of the
  /// plugin (its fields are unknown), or no field is left.
  ///
  /// - Returns: One ordered dict per field; for `train`/`tune` every item without `required`
  ///   gets `required: true`.
  public static func uiSchema(for model: ParamsModel, actionName: String) -> [OrderedValue]? {
    guard hyperparameterActions.contains(actionName), !model.isExternal else { return nil }
    if model.jsonSchemaExtra?["exclude_from_ui"]?.isTruthy == true { return nil }
    let forceRequired = actionName == "train" || actionName == "tune"
    var schema: [OrderedValue] = []
    for field in model.fields where !excludedFieldNames.contains(field.name) {
      if field.jsonSchemaExtra?.value("exclude_from_ui")?.isTruthy == true { continue }
      var entries = item(for: field)
      if forceRequired && entries.value("required") == nil { entries.set("required", .bool(true)) }
      schema.append(.dict(entries))
    }
    return schema.isEmpty ? nil : schema
  }

  /// Every field's item, unfiltered (`pydantic_to_ui_schema`). Fields inherited from classes
  /// outside the plugin are not included (see `ParamsModel.externalBases`).
  public static func items(for model: ParamsModel) -> [OrderedValue] {
    model.fields.map { .dict(item(for: $0)) }
  }

  /// What upstream's publish sends for a model: `hyperparameters.train_ui_schemas` for an
  /// action's params model, `result_schema` for its result model. Publish runs
  /// `pydantic_to_ui_schema` on the imported class, so every field counts, those inherited from
  /// SDK models included (`ParamsModel.allFields`), and unlike the `update-config` form nothing
  /// is excluded, `exclude_from_ui` is not consulted and `required` is not forced.
  ///
  /// - Returns: One ordered dict per field, or nil when the model has no fields or they are
  ///   unknown (an SDK or third-party model the catalog does not hold): upstream leaves the key
  ///   out for an empty schema.
  public static func publishItems(for model: ParamsModel) -> [OrderedValue]? {
    let items = model.allFields.map { OrderedValue.dict(item(for: $0)) }
    return items.isEmpty ? nil : items
  }

  /// The form label of a field: underscores to spaces, then Python's `str.title()`.
  public static func label(for fieldName: String) -> String {
    PythonTitleCase.title(String(fieldName.map { $0 == "_" ? " " : $0 }))
  }

  static func item(for field: ParamsField) -> [OrderedValue.Entry] {
    var item: [OrderedValue.Entry] = []
    let type: String
    switch field.kind {
    case .integer, .float: type = "number"
    case .string, .other: type = "text"
    case .boolean, .list: type = "checkbox"
    }
    item.set("$formkit", .string(type))
    item.set("name", .string(field.name))
    item.set("label", .string(label(for: field.name)))
    if case .value(let value) = field.defaultValue, value != .null {
      item.set("value", value)
      item.set("placeholder", value)
    }
    if let description = field.description, !description.isEmpty { item.set("help", .string(description)) }
    if case .required = field.defaultValue { item.set("required", .bool(true)) }
    for constraint in metadataOrder(field.constraints) {
      switch constraint.name {
      case "ge", "gt": item.set("min", constraint.value)
      case "le", "lt": item.set("max", constraint.value)
      case "multiple_of": item.set("step", constraint.value)
      default: break
      }
    }
    if type == "number" { item.set("number", .bool(true)) }
    if let extra = field.jsonSchemaExtra, !extra.isEmpty {
      if let formkit = extra.value("formkit") { item.set("$formkit", formkit) }
      for key in ["options", "help", "required", "step", "min", "max", "label"] {
        if let value = extra.value(key) { item.set(key, value) }
      }
    }
    return item
  }

  /// pydantic's metadata order: the assigned `Field(...)` first, then the annotation's, and
  /// within each, `Field`'s own keyword order (gt, ge, lt, le, multiple_of) whatever the source order.
  static func metadataOrder(_ constraints: [ParamsField.Constraint]) -> [ParamsField.Constraint] {
    let rank = ["gt": 0, "ge": 1, "lt": 2, "le": 3, "multiple_of": 4]
    return constraints.enumerated().sorted { lhs, rhs in
      let left = (lhs.element.fromAnnotation ? 1 : 0, lhs.element.fromAnnotation ? 0 : rank[lhs.element.name] ?? 5)
      let right = (rhs.element.fromAnnotation ? 1 : 0, rhs.element.fromAnnotation ? 0 : rank[rhs.element.name] ?? 5)
      return left != right ? left < right : lhs.offset < rhs.offset
    }.map(\.element)
  }
}
