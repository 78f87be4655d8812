import FoundationEssentials

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
  /// Every `.py` file of the plugin (scanned or not), newline-separated, to tell a missing
  /// module from one discovery skips. Plain text: thousands of paths encode in one field.
  public var pythonFileList: String
  /// Modules that were not scanned (they mention no class), one per line:
  /// `module<TAB>file<TAB>function,function`. Plain text for the same reason.
  public var plainModules: String

  public init(
    actions: [ActionSpec], modules: [String: ModuleIndex], diagnostics: [ConfigDiagnostic],
    pythonFileList: String = "", plainModules: String = ""
  ) {
    self.actions = actions
    self.modules = modules
    self.diagnostics = diagnostics
    self.pythonFileList = pythonFileList
    self.plainModules = plainModules
  }

  public var pythonFiles: [String] { pythonFileList.split(separator: "\n").map(String.init) }

  /// What `module` defines, whether it was scanned or only looked at.
  public func index(of module: String) -> ModuleIndex? {
    if let scanned = modules[module] { return scanned }
    for line in plainModules.split(separator: "\n") {
      let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0] == module else { continue }
      return ModuleIndex(
        file: String(parts[1]), classes: [], functions: parts[2].split(separator: ",").map(String.init), actions: [],
        sdkClasses: [])
    }
    return nil
  }

  /// Reads a report written by the discover stage (its JSON part and its two text parts);
  /// an unreadable one is an empty report.
  public static func decode(_ bytes: [UInt8], plainModules: [UInt8] = [], pythonFiles: [UInt8] = []) -> DiscoveryReport
  {
    var report =
      (try? JSONDecoder().decode(DiscoveryReport.self, from: Data(bytes)))
      ?? DiscoveryReport(actions: [], modules: [:], diagnostics: [])
    if !plainModules.isEmpty { report.plainModules = String(decoding: plainModules, as: UTF8.self) }
    if !pythonFiles.isEmpty { report.pythonFileList = String(decoding: pythonFiles, as: UTF8.self) }
    return report
  }

  /// At most this many diagnostics are kept; the rest are counted in one last line, so a
  /// tree of generated code cannot bury the output (or the cache) in warnings.
  static let diagnosticLimit = 50
}
