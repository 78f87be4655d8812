/// A Python expression as far as a static reader can follow it.
///
/// Literals (the values `ast.literal_eval` accepts, minus bytes and complex numbers), dotted
/// names, calls, subscripts and `a | b` unions are kept as structure; anything else (arithmetic,
/// comprehensions, lambdas, f-strings...) is kept as its source text in `other`, so callers can
/// show it and decide what to do. Nesting deeper than `PythonExpressionParser.maximumDepth` also
/// becomes `other`, which keeps recursion over values bounded.
public indirect enum PythonExpression: Sendable, Hashable, Codable {
  case none
  case bool(Bool)
  /// An integer that fits in `Int` (larger ones are `other`).
  case int(Int)
  /// A float, as Python's `repr` prints it (`1e-06`, `0.001`, `1.0`, `inf`).
  case float(String)
  /// A `str` literal, escapes decoded, implicit concatenation joined.
  case string(String)
  case ellipsis
  case list([PythonExpression])
  case tuple([PythonExpression])
  case set([PythonExpression])
  case dict([PythonDictItem])
  /// A name or attribute chain: `Field`, `RunMethod.JOB`, `synapse_sdk.plugins.BaseAction`.
  case name(String)
  case call(PythonCall)
  case subscripted(PythonSubscript)
  /// `a | b | c` (type unions in annotations).
  case union([PythonExpression])
  /// Anything else, as source text.
  case other(String)

  /// Whether this is a literal value: a constant, or a container of literals.
  public var isLiteral: Bool {
    switch self {
    case .none, .bool, .int, .float, .string, .ellipsis: return true
    case .list(let items), .tuple(let items), .set(let items): return items.allSatisfy(\.isLiteral)
    case .dict(let items): return items.allSatisfy { $0.key.isLiteral && $0.value.isLiteral }
    case .name, .call, .subscripted, .union, .other: return false
    }
  }

  /// The dotted name, when this is one.
  public var dottedName: String? {
    if case .name(let name) = self { return name }
    return nil
  }
}
