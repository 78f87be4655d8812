/// The findings of one subschema applied to one node. The node passes when
/// there are no errors: warnings never make a document invalid.
struct Outcome {
  var errors: [Finding] = []
  var warnings: [Finding] = []

  var isValid: Bool { errors.isEmpty }

  mutating func merge(_ other: Outcome) {
    errors += other.errors
    warnings += other.warnings
  }

  mutating func add(_ finding: Finding) {
    if finding.severity == .error {
      errors.append(finding)
    } else {
      warnings.append(finding)
    }
  }

  /// Applies a subschema's `x-severity: warning`: its failures are reported
  /// but no longer fail it.
  mutating func downgrade() {
    for var finding in errors {
      finding.severity = .warning
      warnings.append(finding)
    }
    errors = []
  }
}
