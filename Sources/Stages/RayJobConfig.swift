import Pipeline
import YAML

/// What config.yaml says about running on Ray: `env` (exported to the action) and
/// `runtime_env` (merged into the job's), plus the action's entrypoint.
public struct RayJobConfig: Sendable, Equatable {
  /// `env`, values as the runtime exports them (`true` → "true", null → "").
  public var env: [(key: String, value: String)] = []
  /// `runtime_env` as written, a mapping.
  public var runtimeEnv: [(key: String, value: YAMLValue)] = []
  /// `actions.<name>.entrypoint` in dot form (`module.Class`), when the action is there.
  public var entrypoint: String?

  public static func == (a: RayJobConfig, b: RayJobConfig) -> Bool {
    a.env.elementsEqual(b.env, by: ==)
      && a.runtimeEnv.elementsEqual(b.runtimeEnv, by: { $0.key == $1.key && $0.value == $1.value })
      && a.entrypoint == b.entrypoint
  }

  public init() {}

  /// Reads config.yaml; a wrong type names the file, line and column.
  public static func read(_ location: PluginLocation, action: String) throws -> RayJobConfig {
    let file = location.configPath
    guard let root = try YAMLParser.parse(try FileSystem.readFile(location.configAbsolutePath)), root.mapping != nil
    else {
      return RayJobConfig()
    }
    func failure(_ node: YAMLNode, _ message: String) -> StagesError {
      .stageFailed(
        ConfigDiagnostic(file: file, line: node.start.line, column: node.start.column, message: message).description)
    }
    var config = RayJobConfig()
    if let node = root["env"], node.resolved != .null {
      guard let pairs = node.mapping else { throw failure(node, "env: must be a mapping of names to values") }
      for pair in pairs {
        guard let key = pair.key.scalar?.value else { throw failure(pair.key, "env: names must be strings") }
        switch pair.value.value {
        case .null: config.env.append((key, ""))
        case .bool(let b): config.env.append((key, b ? "true" : "false"))
        case .int(let i): config.env.append((key, String(i)))
        case .float(let f): config.env.append((key, f))
        case .string(let s): config.env.append((key, s))
        case .sequence, .mapping: throw failure(pair.value, "env: \(key) must be a single value, not a list or mapping")
        }
      }
    }
    if let node = root["runtime_env"], node.resolved != .null {
      guard case .mapping(let pairs) = node.value else {
        throw failure(node, "runtime_env: must be a mapping (Ray's runtime_env fields)")
      }
      // The job's env_vars and py_modules are rebuilt from these two, so a wrong shape would
      // otherwise vanish without a word instead of failing as Ray would.
      if let vars = node["env_vars"], vars.resolved != .null {
        guard let entries = vars.mapping else {
          throw failure(vars, "runtime_env.env_vars: must be a mapping of names to values")
        }
        for entry in entries where entry.value.scalar == nil {
          let name = entry.key.scalar?.value ?? ""
          throw failure(entry.value, "runtime_env.env_vars: \(name) must be a single value, not a list or mapping")
        }
      }
      if let modules = node["py_modules"], modules.resolved != .null, modules.sequence == nil {
        throw failure(modules, "runtime_env.py_modules: must be a list of modules or URIs")
      }
      config.runtimeEnv = pairs
    }
    // In dot form whatever config.yaml says (upstream's workers split on the last dot), and
    // read from a legacy `name: module.Class` string too.
    switch root["actions"]?.value[action] {
    case .string(let entrypoint)? where !entrypoint.isEmpty:
      config.entrypoint = ActionSpec.normalized(entrypoint)
    case let value?:
      if case .string(let entrypoint)? = value["entrypoint"] { config.entrypoint = ActionSpec.normalized(entrypoint) }
    case nil:
      break
    }
    return config
  }
}
