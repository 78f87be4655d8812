/// The rule that decided whether a path is ignored, for `--explain`-style output and hints.
public struct IgnoreMatch: Sendable, Equatable, CustomStringConvertible {
  /// The rule set's `source`, e.g. ".gitignore" or "plugin/.gitignore".
  public let source: String
  /// 1-based line of the rule in its source.
  public let line: Int
  /// The rule as written, after trailing-space trimming; a negated rule keeps its leading
  /// `!` and a directory rule its trailing `/`, exactly as `git check-ignore -v` prints it.
  public let pattern: String
  /// The rule starts with `!`, so the path is re-included rather than ignored.
  public let negated: Bool

  /// Whether the deciding rule ignores the path.
  public var ignores: Bool { !negated }

  public init(source: String, line: Int, pattern: String, negated: Bool) {
    self.source = source
    self.line = line
    self.pattern = pattern
    self.negated = negated
  }

  /// `source:line:pattern`, the same shape as `git check-ignore -v`.
  public var description: String { "\(source):\(line):\(pattern)" }
}
