/// A pydantic params model as far as it can be read statically.
public struct ParamsModel: Sendable, Hashable {
  /// The class name.
  public var name: String
  /// `module.Class` for a plugin model, the import path for an SDK or third-party one.
  public var qualifiedName: String
  /// The file defining the model; nil when it is not part of the plugin.
  public var file: String?
  public var line: Int?
  /// The model is not a class of the plugin (for example the SDK's `UploadParams`), so its
  /// fields are unknown and `fields` is empty.
  public var isExternal: Bool
  /// Fields in pydantic's order: inherited plugin fields first, a redefined field keeping its
  /// first position.
  public var fields: [ParamsField]
  /// Bases outside the plugin whose fields cannot be read (`BaseTrainParams`), nearest last.
  public var externalBases: [String]
  /// The merged `model_config` entries that were literal (`json_schema_extra` among them).
  public var config: [OrderedValue.Entry]

  public init(
    name: String, qualifiedName: String, file: String?, line: Int?, isExternal: Bool, fields: [ParamsField],
    externalBases: [String], config: [OrderedValue.Entry]
  ) {
    self.name = name
    self.qualifiedName = qualifiedName
    self.file = file
    self.line = line
    self.isExternal = isExternal
    self.fields = fields
    self.externalBases = externalBases
    self.config = config
  }

  /// `model_config['json_schema_extra']` when it is a literal dict.
  public var jsonSchemaExtra: OrderedValue? { config.value("json_schema_extra") }
}
