/// Renders diagnostics as `file:line:col: severity: message` lines, the form
/// compilers use and editors, terminals and CI annotators recognise.
public enum SchemaDiagnosticFormatter {
  /// One line per diagnostic, each ending in a newline, in the given order.
  ///
  /// - Parameters:
  ///   - diagnostics: Usually `SchemaValidator.validate(_:)`'s result, which
  ///     is already sorted by position.
  ///   - file: The path shown before each position, as the user typed it.
  /// - Returns: The rendered text; empty when there is nothing to report.
  public static func render(_ diagnostics: [SchemaDiagnostic], file: String) -> String {
    var text = ""
    for diagnostic in diagnostics {
      text += "\(file):\(diagnostic.description)\n"
    }
    return text
  }
}
