/// The eight plugin categories, with what `synapse plugin create` needs to know about each:
/// how it is described in menus, the actions its template defines, and the category-specific
/// questions (data type and tasks, annotation settings, supported data types).
public enum PluginCategory: String, CaseIterable, Sendable, Codable {
  case neuralNet = "neural_net"
  case export
  case upload
  case smartTool = "smart_tool"
  case dataValidation = "data_validation"
  case preAnnotation = "pre_annotation"
  case postAnnotation = "post_annotation"
  case custom

  /// One action a template defines: the module and class its template writes.
  public struct TemplateAction: Sendable, Equatable {
    public let name: String
    /// `module:Class`, the form the guide writes.
    public let entrypoint: String
    public let method: String
    public let description: String
  }

  /// One line for menus and `--help`.
  public var summary: String {
    switch self {
    case .neuralNet: return "Train and deploy ML models"
    case .export: return "Convert annotated data to other formats"
    case .upload: return "Import data from external sources"
    case .smartTool: return "Annotation helpers (auto-labelling)"
    case .dataValidation: return "Check data before annotation"
    case .preAnnotation: return "Generate initial annotations"
    case .postAnnotation: return "Process annotations after labelling"
    case .custom: return "Anything else"
    }
  }

  /// The actions of the category's template, in config order.
  public var actions: [TemplateAction] {
    switch self {
    case .neuralNet:
      return [
        TemplateAction(
          name: "train", entrypoint: "plugin.train:TrainAction", method: "job",
          description: "Train a model on a dataset"),
        TemplateAction(
          name: "inference", entrypoint: "plugin.inference:InferenceAction", method: "task",
          description: "Run the trained model on inputs"),
        TemplateAction(
          name: "test", entrypoint: "plugin.test:TestAction", method: "task",
          description: "Measure a trained model on a dataset split"),
      ]
    case .export:
      return [
        TemplateAction(
          name: "export", entrypoint: "plugin.export:ExportAction", method: "job",
          description: "Export a dataset's annotations")
      ]
    case .upload:
      return [
        TemplateAction(
          name: "upload", entrypoint: "plugin.upload:UploadAction", method: "job",
          description: "Import files from a source directory")
      ]
    case .smartTool:
      return [
        TemplateAction(
          name: "auto_label", entrypoint: "plugin.auto_label:AutoLabelAction", method: "task",
          description: "Suggest annotations for an item")
      ]
    case .dataValidation:
      return [
        TemplateAction(
          name: "validate", entrypoint: "plugin.validate:ValidateAction", method: "task",
          description: "Check items before annotation")
      ]
    case .preAnnotation:
      return [
        TemplateAction(
          name: "pre_annotate", entrypoint: "plugin.pre_annotate:PreAnnotateAction", method: "task",
          description: "Produce initial annotations"),
        TemplateAction(
          name: "to_task", entrypoint: "plugin.to_task:ToTaskAction", method: "job",
          description: "Turn annotations into annotation tasks"),
      ]
    case .postAnnotation:
      return [
        TemplateAction(
          name: "post_annotate", entrypoint: "plugin.post_annotate:PostAnnotateAction", method: "task",
          description: "Process finished annotations")
      ]
    case .custom:
      return [
        TemplateAction(
          name: "main", entrypoint: "plugin.main:MainAction", method: "task", description: "Run the plugin's work")
      ]
    }
  }

  /// `data_type` values (the schema's enum).
  public static let dataTypes = ["image", "text", "video", "pcd", "audio", "data"]

  /// The tasks offered for each data type (written as `<data_type>.<task>`).
  public static func tasks(for dataType: String) -> [String] {
    switch dataType {
    case "image": return ["object_detection", "classification", "segmentation", "keypoint"]
    case "text": return ["classification", "ner", "qa"]
    case "video": return ["object_tracking", "action_recognition", "segmentation"]
    case "audio": return ["classification", "transcription"]
    case "pcd": return ["object_detection", "segmentation"]
    default: return []
    }
  }

  public static let annotationCategories = ["image", "video", "audio", "text", "pcd", "prompt", "time_series"]
  public static let annotationTypes = ["bbox", "polygon", "point", "line", "mask", "label"]
  public static let smartToolKinds = ["interactive", "automatic", "semi_automatic"]
}
