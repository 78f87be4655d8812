/// One `key: value` entry of a dict display (`**spread` entries make the whole dict `other`).
public struct PythonDictItem: Sendable, Hashable, Codable {
  public var key: PythonExpression
  public var value: PythonExpression

  public init(key: PythonExpression, value: PythonExpression) {
    self.key = key
    self.value = value
  }
}
