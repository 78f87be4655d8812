/// A `class` statement and what its body visibly defines.
public struct PythonClassSummary: Sendable, Hashable, Codable {
  public var name: String
  /// `Outer.Inner`, or `function.<locals>.Name` for a class defined in a function.
  public var qualifiedName: String
  /// Position of the `class` keyword.
  public var location: PythonSourceLocation
  /// Defined at module level (possibly inside `if`/`try`), so importable as a module attribute.
  public var isModuleLevel: Bool
  /// Inside an `if`, `try`, `for`, `while`, `with` or `match` block of its scope.
  public var isConditional: Bool
  /// Depth of the class node in Python's AST (1 for a plain module-level class); orders classes
  /// the way `ast.walk` visits them.
  public var syntaxDepth: Int
  public var decorators: [PythonExpression]
  /// Positional bases in order.
  public var bases: [PythonClassBase]
  /// Class keywords such as `metaclass=ABCMeta`.
  public var keywords: [PythonKeywordArgument]
  /// Assignments executed in the class body, in source order.
  public var assignments: [PythonAssignment]
  /// Functions defined in the class body, in source order.
  public var methods: [PythonFunctionSummary]
  /// Names of classes defined directly in the body.
  public var nestedClassNames: [String]

  public init(
    name: String, qualifiedName: String, location: PythonSourceLocation, isModuleLevel: Bool, isConditional: Bool,
    syntaxDepth: Int, decorators: [PythonExpression], bases: [PythonClassBase], keywords: [PythonKeywordArgument]
  ) {
    self.name = name
    self.qualifiedName = qualifiedName
    self.location = location
    self.isModuleLevel = isModuleLevel
    self.isConditional = isConditional
    self.syntaxDepth = syntaxDepth
    self.decorators = decorators
    self.bases = bases
    self.keywords = keywords
    self.assignments = []
    self.methods = []
    self.nestedClassNames = []
  }

  /// The last assignment in the body that binds `name` to a value (a bare annotation binds
  /// nothing); check `isConditional` before trusting it.
  public func assignment(to name: String) -> PythonAssignment? {
    assignments.last { $0.value != nil && $0.targets.contains(name) }
  }
}
