import PythonSource

/// What a name in a plugin module refers to, as far as static reading can tell.
enum Symbol: Hashable {
  case pluginClass(module: Int, index: Int)
  /// A module by absolute dotted name (of the plugin or not).
  case module(String)
  /// Something under `synapse_sdk`, by dotted path.
  case sdk(String)
  /// Something in another package, by dotted path (`pydantic.Field`, `typing.Optional`).
  case external(String)
  /// A builtin such as `int` or `object`.
  case builtin(String)
  /// A module-level literal.
  case constant(PythonExpression)
  /// Not followable; the text says why.
  case unresolved(String)

  /// The last component of the symbol's path, for matching well-known names.
  var simpleName: String? {
    switch self {
    case .sdk(let path), .external(let path), .module(let path), .builtin(let path):
      return path.split(separator: ".").last.map(String.init)
    default:
      return nil
    }
  }
}
