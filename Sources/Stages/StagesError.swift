/// Failures of the plugin stages, each naming the file (and line, where there is one) and
/// the way out.
public enum StagesError: Error, Sendable, CustomStringConvertible {
  case pluginDirectoryNotFound(String)
  case notADirectory(String)
  case configNotFound(directory: String)
  case explicitConfigNotFound(String)
  case configOutsidePlugin(config: String, plugin: String)
  /// `-c` names a directory or a special file.
  case configNotAFile(String, isDirectory: Bool)
  /// `file:line:column: message`, one per problem, all reported at once.
  case invalidConfig([ConfigDiagnostic])
  case secretsFound([SecretFinding])
  /// An archive path a Windows extractor would misread, and why.
  case unportableFileName(String, String)
  case emptyPlugin(String)
  case stageFailed(String)
  case internalError(String)

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
      return findings.map { finding in
        let shown = finding.target.map { "\(finding.path) (symlink to \($0))" } ?? finding.path
        return "\(shown): refusing to archive a likely secret (\(finding.why)); add it to .synapseignore or delete it, "
          + "or mark a reviewed file with a `# \(SecretContentScanner.allowMarker)` comment"
      }.joined(separator: "\n")
    case .configNotAFile(let path, let isDirectory):
      return "\(path): is \(isDirectory ? "a directory" : "not a regular file"); -c takes the config file (config.yaml)"
    case .unportableFileName(let path, let why):
      return "\(path): file name \(why); rename it or add it to .synapseignore"
    case .emptyPlugin(let dir):
      return "\(dir): no files to archive after ignore rules"
    case .stageFailed(let message):
      return message
    case .internalError(let message):
      return "internal error: \(message)"
    }
  }
}
