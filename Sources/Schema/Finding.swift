import YAML

/// A diagnostic while it is being collected, with what the combinators
/// (`anyOf`, `oneOf`) need to pick the most useful branch to report.
struct Finding {
  var severity: SchemaDiagnostic.Severity
  var path: InstancePath
  var position: SourcePosition
  /// The message without the path.
  var detail: String
  /// The keyword that failed, `type` failures being told apart.
  var keyword: String
  /// For `type` failures, the types the schema allowed.
  var expectedTypes: [JSONType] = []

  var diagnostic: SchemaDiagnostic {
    let path = path.description
    return SchemaDiagnostic(
      severity: severity, path: path, position: position, message: path.isEmpty ? detail : path + ": " + detail)
  }
}
