/// One positional base of a class header, as text and in a parsed form.
///
/// `BaseTrainAction[TrainParams]` has `name` `BaseTrainAction` and `genericArguments`
/// `[.name("TrainParams")]`; a base that is neither a dotted name nor a subscripted one (a call,
/// an arithmetic expression) has a nil `name`.
public struct PythonClassBase: Sendable, Hashable, Codable {
  public var text: String
  public var expression: PythonExpression
  /// The dotted name of the base, or of the subscripted value for a generic base.
  public var name: String?
  /// The subscript arguments of a generic base, in order.
  public var genericArguments: [PythonExpression]
  /// The source text between the brackets of a generic base.
  public var genericArgumentText: String?

  public init(
    text: String, expression: PythonExpression, name: String?, genericArguments: [PythonExpression],
    genericArgumentText: String?
  ) {
    self.text = text
    self.expression = expression
    self.name = name
    self.genericArguments = genericArguments
    self.genericArgumentText = genericArgumentText
  }

  /// The last component of `name` (`BaseAction` for `plugins.BaseAction[P]`).
  public var simpleName: String? {
    name.map { $0.split(separator: ".").last.map(String.init) ?? $0 }
  }
}
