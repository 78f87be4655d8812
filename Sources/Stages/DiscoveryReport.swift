/// What the discover stage hands to validate and update-config: the actions the code
/// defines, what each module defines (to check entrypoints), and what could not be read.
public struct DiscoveryReport: Sendable, Equatable, Codable {
  /// What one module defines at top level.
  public struct ModuleIndex: Sendable, Equatable, Codable {
    public var file: String
    public var classes: [String]
    public var functions: [String]
    /// Classes that are actions (derive from a synapse action base).
    public var actions: [String]
    /// Classes deriving from any class imported from the synapse SDK (actions, but also
    /// exporters and uploaders, which upstream's templates name as entrypoints).
    public var sdkClasses: [String]
  }

  public var actions: [ActionSpec]
  public var modules: [String: ModuleIndex]
  /// Positioned warnings (dynamic code, unreadable files); discovery goes on past them.
  public var diagnostics: [ConfigDiagnostic]
  /// Every `.py` file of the plugin (scanned or not), to tell a missing module from one
  /// discovery skips.
  public var pythonFiles: [String]

  public init(
    actions: [ActionSpec], modules: [String: ModuleIndex], diagnostics: [ConfigDiagnostic], pythonFiles: [String] = []
  ) {
    self.actions = actions
    self.modules = modules
    self.diagnostics = diagnostics
    self.pythonFiles = pythonFiles
  }
}
