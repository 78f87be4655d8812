/// One field of a params model.
public struct ParamsField: Sendable, Hashable {
  /// What the field's default is.
  public enum Default: Sendable, Hashable {
    /// No default: the field is required.
    case required
    /// A literal default (`.null` for `None`).
    case value(OrderedValue)
    /// `default_factory=...`: not required, but no value to show.
    case factory
    /// A default that is not a literal (kept as source text): not required, value unknown.
    case unreadable(String)
  }

  /// The annotation's type as pydantic maps it for forms: after stripping `Annotated`, the first
  /// non-`None` argument of a subscripted or union type, if that is exactly one of these.
  public enum Kind: String, Sendable, Hashable {
    case integer
    case float
    case string
    case boolean
    /// Bare `list` (not `list[int]`, whose first argument `int` counts instead).
    case list
    case other
  }

  /// A numeric constraint from `Field(...)` (or a constrained type such as `PositiveInt`).
  public struct Constraint: Sendable, Hashable {
    /// `ge`, `gt`, `le`, `lt` or `multiple_of`.
    public var name: String
    public var value: OrderedValue
    /// From the type in the annotation (`Annotated[..., Field(ge=1)]`, `PositiveInt`) rather
    /// than from the assigned `Field(...)`; pydantic lists these after the assigned ones.
    public var fromAnnotation: Bool

    public init(name: String, value: OrderedValue, fromAnnotation: Bool) {
      self.name = name
      self.value = value
      self.fromAnnotation = fromAnnotation
    }
  }

  public var name: String
  /// The annotation's source text.
  public var annotation: String
  public var kind: Kind
  public var defaultValue: Default
  public var description: String?
  /// Constraints in source order.
  public var constraints: [Constraint]
  /// `json_schema_extra` when it is a literal dict.
  public var jsonSchemaExtra: [OrderedValue.Entry]?
  /// The class that declares the field (`module.Class`).
  public var declaredIn: String
  public var line: Int

  public init(
    name: String, annotation: String, kind: Kind, defaultValue: Default, description: String?,
    constraints: [Constraint], jsonSchemaExtra: [OrderedValue.Entry]?, declaredIn: String, line: Int
  ) {
    self.name = name
    self.annotation = annotation
    self.kind = kind
    self.defaultValue = defaultValue
    self.description = description
    self.constraints = constraints
    self.jsonSchemaExtra = jsonSchemaExtra
    self.declaredIn = declaredIn
    self.line = line
  }
}
