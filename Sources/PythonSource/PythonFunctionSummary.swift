/// A `def` or `async def`: its name and decorators, enough to tell which methods a class
/// defines and which of them are abstract.
public struct PythonFunctionSummary: Sendable, Hashable, Codable {
  public var name: String
  public var location: PythonSourceLocation
  public var decorators: [PythonExpression]
  public var isAsync: Bool
  public var isConditional: Bool

  public init(
    name: String, location: PythonSourceLocation, decorators: [PythonExpression], isAsync: Bool, isConditional: Bool
  ) {
    self.name = name
    self.location = location
    self.decorators = decorators
    self.isAsync = isAsync
    self.isConditional = isConditional
  }
}
