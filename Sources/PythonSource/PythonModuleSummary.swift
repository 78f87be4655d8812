/// What a static reader needs from one Python file: imports, classes (with bases, body
/// assignments and methods), module-level functions and assignments, and the diagnostics.
///
/// `scan` looks at one file only, so the result can be cached by the file's content digest;
/// cross-file questions (what does this base name refer to?) are answered by its users.
public struct PythonModuleSummary: Sendable, Hashable, Codable {
  /// Bumped whenever the summary's shape or meaning changes, so cached summaries can be dropped.
  public static let formatVersion = 1

  public var imports: [PythonImport]
  /// Every class, including nested ones, in source order.
  public var classes: [PythonClassSummary]
  /// Module-level functions in source order.
  public var functions: [PythonFunctionSummary]
  /// Module-level assignments in source order.
  public var assignments: [PythonAssignment]
  /// Tokenizer errors, structural errors and warnings about constructs too dynamic to read.
  public var diagnostics: [PythonDiagnostic]

  public init(
    imports: [PythonImport] = [], classes: [PythonClassSummary] = [], functions: [PythonFunctionSummary] = [],
    assignments: [PythonAssignment] = [], diagnostics: [PythonDiagnostic] = []
  ) {
    self.imports = imports
    self.classes = classes
    self.functions = functions
    self.assignments = assignments
    self.diagnostics = diagnostics
  }

  /// Whether the file has syntax-level errors (Python would refuse to compile it).
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Scans one file's bytes. Never fails: unreadable parts become diagnostics.
  public static func scan(_ source: [UInt8]) -> PythonModuleSummary {
    let (tokens, tokenDiagnostics) = PythonTokenizer.tokenize(source)
    var parser = PythonStructureParser(view: PythonTokenView(source: source, tokens: tokens))
    parser.run()
    var summary = parser.summary
    summary.diagnostics = (tokenDiagnostics + summary.diagnostics).enumerated()
      .sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
      .map(\.element)
    return summary
  }
}
