/// A call of a dotted name: `Field(10, ge=1, description='...')`.
public struct PythonCall: Sendable, Hashable, Codable {
  /// The called dotted name.
  public var callee: String
  /// Positional arguments; `*args` appears as `other("*args")`.
  public var arguments: [PythonExpression]
  /// Keyword arguments in source order.
  public var keywords: [PythonKeywordArgument]

  public init(callee: String, arguments: [PythonExpression], keywords: [PythonKeywordArgument]) {
    self.callee = callee
    self.arguments = arguments
    self.keywords = keywords
  }

  /// The value of the last keyword argument called `name`.
  public func keyword(_ name: String) -> PythonExpression? {
    keywords.last { $0.name == name }?.value
  }
}
