import YAML

/// The `config` field of a publish request: what upstream's `to_config_dict` sends, built
/// from config.yaml and what static discovery read from the code.
///
/// It is not a copy of config.yaml. Keys, in this order: `name`, `code`, `version`,
/// `category`, `description`, `readme`, `data_type` (when set), `tasks` (when not empty),
/// `actions`. Each action (only those written as mappings, as upstream parses them) has
/// `entrypoint` (in dot form, as upstream's workers split it) and `method` from the config,
/// `description` when not empty, `input_type` and `output_type` from the config,
/// `hyperparameters.train_ui_schemas` from its params model and `result_schema` from its
/// result model (when the model has fields), and `serve_options` when set.
///
/// The config given is the synced one the archive carries (``SyncedConfig``): there the
/// types the classes declare are written, and legacy string actions are mappings. So unlike
/// upstream, which drops a legacy string action whose class its discovery does not import,
/// the release names every action config.yaml declares, as the archived file does. Everything else in config.yaml (env, runtime_env, requires, dependencies, tags,
/// the forms update-config writes) stays out, as upstream leaves it out.
public enum ReleaseConfig {
  /// - Parameters:
  ///   - config: config.yaml's parsed root.
  ///   - actions: what discovery found, matched to config actions by entrypoint.
  public static func build(config: YAMLValue, actions: [ActionSpec]) -> YAMLValue {
    var root: [(key: String, value: YAMLValue)] = []
    func string(_ key: String, default fallback: String) -> YAMLValue {
      switch config[key] {
      case .string(let text)?: return .string(text)
      case .int, .float, .bool:
        return config[key].map { scalarText($0) }.map { .string($0) } ?? .string(fallback)
      default: return .string(fallback)
      }
    }
    root.append(("name", string("name", default: "")))
    root.append(("code", string("code", default: "")))
    root.append(("version", string("version", default: "0.1.0")))
    root.append(("category", string("category", default: "custom")))
    root.append(("description", string("description", default: "")))
    root.append(("readme", string("readme", default: "README.md")))
    if case .string(let dataType)? = config["data_type"] { root.append(("data_type", .string(dataType))) }
    if case .sequence(let tasks)? = config["tasks"], !tasks.isEmpty { root.append(("tasks", .sequence(tasks))) }
    var byEntrypoint: [String: ActionSpec] = [:]
    for spec in actions { byEntrypoint[ActionSpec.normalized(spec.entrypoint)] = spec }
    var entries: [(key: String, value: YAMLValue)] = []
    if case .mapping(let configured)? = config["actions"] {
      for (name, value) in configured {
        guard case .mapping = value else { continue }
        entries.append((name, action(value, spec: spec(for: value, in: byEntrypoint))))
      }
    }
    root.append(("actions", .mapping(entries)))
    return .mapping(root)
  }

  /// The JSON text as sent: `json.dumps` of the dict.
  public static func json(config: YAMLValue, actions: [ActionSpec]) -> String {
    PythonJSON.encode(build(config: config, actions: actions))
  }

  private static func spec(for action: YAMLValue, in specs: [String: ActionSpec]) -> ActionSpec? {
    guard case .string(let entrypoint)? = action["entrypoint"] else { return nil }
    return specs[ActionSpec.normalized(entrypoint)]
  }

  private static func action(_ value: YAMLValue, spec: ActionSpec?) -> YAMLValue {
    var entries: [(key: String, value: YAMLValue)] = []
    if case .string(let entrypoint)? = value["entrypoint"] {
      entries.append(("entrypoint", .string(ActionSpec.normalized(entrypoint))))
    } else {
      entries.append(("entrypoint", .string("")))
    }
    if case .string(let method)? = value["method"] {
      entries.append(("method", .string(method)))
    } else {
      entries.append(("method", .string("task")))
    }
    if case .string(let description)? = value["description"], !description.isEmpty {
      entries.append(("description", .string(description)))
    }
    for key in ["input_type", "output_type"] {
      if case .string(let type)? = value[key], !type.isEmpty { entries.append((key, .string(type))) }
    }
    if let items = spec?.publishParams, !items.isEmpty {
      entries.append(("hyperparameters", .mapping([(key: "train_ui_schemas", value: .sequence(items))])))
    }
    if let items = spec?.publishResult, !items.isEmpty {
      entries.append(("result_schema", .sequence(items)))
    }
    if let options = value["serve_options"], options != .null {
      entries.append(("serve_options", options))
    }
    return .mapping(entries)
  }

  private static func scalarText(_ value: YAMLValue) -> String {
    switch value {
    case .int(let number): return String(number)
    case .float(let text): return text
    case .bool(let flag): return flag ? "True" : "False"
    default: return ""
    }
  }
}
