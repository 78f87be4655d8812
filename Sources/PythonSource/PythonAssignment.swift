/// `name = value`, `a = b = value`, `name: Annotation = value` or `name: Annotation`.
///
/// Only simple-name targets are kept (`self.x = ...`, tuple unpacking and augmented assignments
/// define nothing a static reader can rely on).
public struct PythonAssignment: Sendable, Hashable, Codable {
  /// The names bound, in source order (several for chained assignments).
  public var targets: [String]
  public var annotation: PythonExpression?
  public var annotationText: String?
  /// The assigned value; nil for a bare annotation (which binds nothing at runtime).
  public var value: PythonExpression?
  public var valueText: String?
  public var location: PythonSourceLocation
  /// Inside an `if`, `try`, `for`, `while`, `with` or `match` block of its scope.
  public var isConditional: Bool

  public init(
    targets: [String], annotation: PythonExpression?, annotationText: String?, value: PythonExpression?,
    valueText: String?, location: PythonSourceLocation, isConditional: Bool
  ) {
    self.targets = targets
    self.annotation = annotation
    self.annotationText = annotationText
    self.value = value
    self.valueText = valueText
    self.location = location
    self.isConditional = isConditional
  }
}
