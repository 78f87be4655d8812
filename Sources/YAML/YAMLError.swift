/// A failure to load YAML, carrying enough location detail for a
/// `file:line:column: message` diagnostic.
///
/// libyaml reports a *problem* (what is wrong and where it was noticed) and
/// optionally a *context* (the construct being parsed and where it began,
/// e.g. "while parsing a block mapping"). Both are kept because the context
/// position is often the line the user actually has to fix.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong, e.g. "mapping values are not allowed in this context".
  public let message: String
  /// Where the problem was detected; `nil` only when there is no meaningful
  /// location (for example when libyaml runs out of memory).
  public let position: SourcePosition?
  /// The construct that was being parsed, e.g. "while scanning a simple key".
  public let context: String?
  /// Where that construct started.
  public let contextPosition: SourcePosition?

  public init(
    message: String,
    position: SourcePosition?,
    context: String? = nil,
    contextPosition: SourcePosition? = nil
  ) {
    self.message = message
    self.position = position
    self.context = context
    self.contextPosition = contextPosition
  }

  /// `line:column: message`, followed by the context in parentheses when
  /// libyaml supplied one, e.g.
  /// `3:1: did not find expected key (while parsing a block mapping at 1:1)`.
  /// Callers prefix it with the file name.
  public var description: String {
    var text = message
    if let position {
      text = "\(position): \(text)"
    }
    if let context {
      if let contextPosition {
        text += " (\(context) at \(contextPosition))"
      } else {
        text += " (\(context))"
      }
    }
    return text
  }
}
