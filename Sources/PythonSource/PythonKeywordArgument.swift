/// `name=value` in a call or class header; `name` is nil for `**mapping`.
public struct PythonKeywordArgument: Sendable, Hashable, Codable {
  public var name: String?
  public var value: PythonExpression

  public init(name: String?, value: PythonExpression) {
    self.name = name
    self.value = value
  }
}
