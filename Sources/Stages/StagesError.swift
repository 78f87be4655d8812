/// Failures of the plugin stages, each naming the file (and line, where there is one) and
/// the way out.
public enum StagesError: Error, Sendable, CustomStringConvertible {
  case pluginDirectoryNotFound(String)
  case notADirectory(String)
  case configNotFound(directory: String)
  case explicitConfigNotFound(String)
  case configOutsidePlugin(config: String, plugin: String)
  /// `file:line:column: message`, one per problem, all reported at once.
  case invalidConfig([ConfigDiagnostic])
  case secretsFound([SecretFinding])
  case emptyPlugin(String)

  public var description: String {
    switch self {
    case .pluginDirectoryNotFound(let path):
      return "plugin directory not found: \(path)"
    case .notADirectory(let path):
      return "not a directory: \(path)"
    case .configNotFound(let dir):
      return "no config.yaml or synapse.yaml found in \(dir); use --config to name another file"
    case .explicitConfigNotFound(let path):
      return "config file not found: \(path)"
    case .configOutsidePlugin(let config, let plugin):
      return "config file \(config) is outside the plugin directory \(plugin)"
    case .invalidConfig(let diagnostics):
      return diagnostics.map(\.description).joined(separator: "\n")
    case .secretsFound(let findings):
      let lines = findings.map { "  \($0.path): \($0.why)" }
      return
        "refusing to archive \(findings.count == 1 ? "a likely secret" : "\(findings.count) likely secrets"):\n"
        + lines.joined(separator: "\n")
        + "\nadd \(findings.count == 1 ? "it" : "them") to .synapseignore (or delete \(findings.count == 1 ? "it" : "them")) and build again"
    case .emptyPlugin(let dir):
      return "\(dir): no files to archive after ignore rules"
    }
  }
}
