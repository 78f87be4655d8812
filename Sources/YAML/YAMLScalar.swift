/// A scalar's content exactly as libyaml decoded it, before any typing.
///
/// Keeping the untyped text and the style lets callers decide: the same
/// `1.0` means a float when plain but a string when quoted.
public struct YAMLScalar: Sendable, Hashable {
  /// How the scalar was written in the source.
  public enum Style: Sendable, Hashable {
    case plain
    case singleQuoted
    case doubleQuoted
    /// `|` block scalar.
    case literal
    /// `>` block scalar.
    case folded
  }

  /// The decoded content: escapes processed, quotes removed, block scalars
  /// folded and chomped.
  public let value: String
  public let style: Style

  public init(value: String, style: Style) {
    self.value = value
    self.style = style
  }

  /// The value as PyYAML's `safe_load` (YAML 1.1 resolver) would type it,
  /// ignoring any explicit tag (see `YAMLNode.resolved` for tag handling).
  ///
  /// Only plain scalars are resolved; quoted and block scalars are always
  /// strings. Plain scalars follow PyYAML exactly:
  /// - null: empty, `~`, `null`, `Null`, `NULL`
  /// - bool: `yes/no/true/false/on/off` in lower, Capitalised or UPPER case
  ///   (`y` and `n` are strings, as in PyYAML)
  /// - int: decimal, `0b` binary, leading-`0` octal (`0755` is 493), `0x`
  ///   hex, `_` separators and base-60 (`1:30` is 90). `0o755` is a string,
  ///   as in PyYAML. Integers that do not fit in `Int` resolve to `.string`.
  /// - float: `1.0`, `1.`, `.5`, `1.0e+3` (PyYAML requires a dot and a
  ///   signed exponent, so `1e3` is a string), base-60 (`1:30.5`), `.inf`,
  ///   `-.inf`, `.nan`.
  public var resolved: ResolvedScalar {
    guard style == .plain else { return .string(value) }
    return YAML11Resolver.resolve(plain: value)
  }
}
