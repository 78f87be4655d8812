/// A class in an inheritance graph: one of the plugin's, an SDK class, or anything else.
enum ClassNode: Hashable {
  /// A class of the plugin: module index and class index in that module's summary.
  case plugin(module: Int, index: Int)
  /// A `synapse_sdk` class, by its simple name (the SDK re-exports classes under several paths).
  case sdk(String)
  /// Any other class, by its dotted path.
  case external(String)

  /// The class's simple name.
  var simpleName: String {
    switch self {
    case .plugin: return ""
    case .sdk(let name): return name
    case .external(let path): return path.split(separator: ".").last.map(String.init) ?? path
    }
  }

  /// Whether this is pydantic's `BaseModel`.
  var isPydanticBaseModel: Bool {
    if case .external(let path) = self { return path.hasPrefix("pydantic") && path.hasSuffix(".BaseModel") }
    return false
  }
}
