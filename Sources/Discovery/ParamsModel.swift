/// A pydantic params model as far as it can be read statically.
public struct ParamsModel: Sendable, Hashable {
  /// The class name.
  public var name: String
  /// `module.Class` for a plugin model, the import path for an SDK or third-party one.
  public var qualifiedName: String
  /// The file defining the model; nil when it is not part of the plugin.
  public var file: String?
  public var line: Int?
  /// The model is not a class of the plugin (for example the SDK's `UploadParams`), so `fields`
  /// is empty; `allFields` holds its fields when the SDK catalog knows the model.
  public var isExternal: Bool
  /// Fields in pydantic's order: inherited plugin fields first, a redefined field keeping its
  /// first position.
  public var fields: [ParamsField]
  /// Every field pydantic's `model_fields` would list when the model is imported: `fields`
  /// together with those inherited from SDK models the catalog holds (`SynapseCatalog.models`),
  /// in pydantic's order (bases first along the reversed MRO, a redefined field keeping its
  /// first position). For an SDK model named directly (`isExternal`), the catalog's fields, or
  /// none when the catalog does not hold it.
  ///
  /// Kept apart from `fields` so the `update-config` form (`FormKit.uiSchema(for:actionName:)`,
  /// checked against upstream's synced configs) stays built from the plugin's own fields, while
  /// publish sends every field (`FormKit.publishItems(for:)`).
  public var allFields: [ParamsField]
  /// Bases outside the plugin whose fields cannot be read (`BaseTrainParams`), nearest last.
  /// SDK models listed here may still contribute fields to `allFields` through the catalog.
  public var externalBases: [String]
  /// The merged `model_config` entries that were literal (`json_schema_extra` among them).
  public var config: [OrderedValue.Entry]

  /// - Parameter allFields: Every field in pydantic's order; nil means `fields` (a model with no
  ///   SDK bases).
  public init(
    name: String, qualifiedName: String, file: String?, line: Int?, isExternal: Bool, fields: [ParamsField],
    externalBases: [String], config: [OrderedValue.Entry], allFields: [ParamsField]? = nil
  ) {
    self.name = name
    self.qualifiedName = qualifiedName
    self.file = file
    self.line = line
    self.isExternal = isExternal
    self.fields = fields
    self.allFields = allFields ?? fields
    self.externalBases = externalBases
    self.config = config
  }

  /// `model_config['json_schema_extra']` when it is a literal dict.
  public var jsonSchemaExtra: OrderedValue? { config.value("json_schema_extra") }
}
