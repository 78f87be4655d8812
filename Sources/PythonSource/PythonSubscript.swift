/// `value[arguments]`, with a tuple subscript split into its elements (`dict[str, int]`).
public struct PythonSubscript: Sendable, Hashable, Codable {
  public var value: PythonExpression
  public var arguments: [PythonExpression]

  public init(value: PythonExpression, arguments: [PythonExpression]) {
    self.value = value
    self.arguments = arguments
  }
}
