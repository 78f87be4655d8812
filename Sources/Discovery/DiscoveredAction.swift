/// An action class found in a plugin, with what upstream's sync writes for it.
public struct DiscoveredAction: Sendable, Hashable {
  /// The action's name: the `action_name` attribute, else the class name without a trailing
  /// `Action`, lowercased (`AutoLabelAction` → `autolabel`).
  public var name: String
  public var className: String
  /// The dotted module name (`plugin.train`).
  public var module: String
  /// `module.ClassName`, the dot form upstream writes.
  public var entrypoint: String
  /// The file's path as given to discovery.
  public var file: String
  public var line: Int
  public var column: Int
  /// The `name` of the `input_type` DataType (`yolo_dataset`), when it can be read.
  public var inputType: String?
  public var outputType: String?
  /// The `method` class attribute (`job`, `task`, `serve`, `restapi`) when the class sets one.
  /// Upstream's per-name defaults are not applied here.
  public var method: String?
  /// The params model, when one is declared and is a class of the plugin (or of the SDK, with
  /// `isExternal` set).
  public var params: ParamsModel?
  /// The `result_model` found along the MRO (a plugin class's assignment, or an SDK base's such
  /// as `BaseUploadAction`'s `UploadResult`); nil when none is set, it is `None` or `NoResult`,
  /// or it cannot be read.
  public var resultModel: ParamsModel?

  public init(
    name: String, className: String, module: String, entrypoint: String, file: String, line: Int, column: Int,
    inputType: String?, outputType: String?, method: String?, params: ParamsModel?, resultModel: ParamsModel? = nil
  ) {
    self.name = name
    self.className = className
    self.module = module
    self.entrypoint = entrypoint
    self.file = file
    self.line = line
    self.column = column
    self.inputType = inputType
    self.outputType = outputType
    self.method = method
    self.params = params
    self.resultModel = resultModel
  }
}
