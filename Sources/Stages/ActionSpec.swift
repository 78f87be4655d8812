import YAML

/// What the plugin's code says an action should look like in config.yaml: the target of
/// `update-config` and the reference for `validate`'s cross-checks.
public struct ActionSpec: Sendable, Equatable, Codable {
  public var name: String
  /// `module.Class` (dot form).
  public var entrypoint: String
  /// The method the class declares, if it declares one.
  public var method: String?
  public var inputType: String?
  public var outputType: String?
  /// The FormKit items for the action's parameters, for actions that publish them
  /// (train and tune as `hyperparameters.train_ui_schemas`, upload as `ui_schema`).
  public var uiSchema: [YAMLValue]?
  /// What a publish sends as `hyperparameters.train_ui_schemas`: every field of the params
  /// model, SDK-inherited ones included, with no exclusions (nil when it has none).
  public var publishParams: [YAMLValue]?
  /// What a publish sends as `result_schema`: the fields of the class's `result_model`.
  public var publishResult: [YAMLValue]?
  /// Where the class is, for messages.
  public var file: String
  public var line: Int

  public init(
    name: String, entrypoint: String, method: String? = nil, inputType: String? = nil, outputType: String? = nil,
    uiSchema: [YAMLValue]? = nil, publishParams: [YAMLValue]? = nil, publishResult: [YAMLValue]? = nil,
    file: String = "", line: Int = 0
  ) {
    self.name = name
    self.entrypoint = entrypoint
    self.method = method
    self.inputType = inputType
    self.outputType = outputType
    self.uiSchema = uiSchema
    self.publishParams = publishParams
    self.publishResult = publishResult
    self.file = file
    self.line = line
  }

  /// The method upstream assigns by action name when neither config nor code names one.
  public static let defaultMethods: [String: String] = [
    "upload": "job", "export": "job", "download": "job", "convert": "job", "train": "job", "test": "job",
    "deployment": "job", "to_task": "job", "inference": "serve", "auto_label": "task",
  ]

  /// The method to write for a new action or one that has none.
  public var expectedMethod: String? { method ?? Self.defaultMethods[name] }

  /// Where its UI schema lives in the action's mapping, or nil for actions without one.
  public var uiSchemaPath: [String]? {
    switch name {
    case "train", "tune": return ["hyperparameters", "train_ui_schemas"]
    case "upload": return ["ui_schema"]
    default: return nil
    }
  }

  /// Entrypoints compare equal in `a.b:C` and `a.b.C` forms: both are accepted.
  public static func normalized(_ entrypoint: String) -> String {
    String(entrypoint.map { $0 == ":" ? "." : $0 })
  }
}
