/// The actions of a plugin and everything discovery had to say while finding them.
public struct DiscoveryResult: Sendable, Hashable {
  /// Actions in upstream's order: files in the order given, classes in the order Python's
  /// `ast.walk` meets them; a later duplicate name replaces the earlier action in its place.
  public var actions: [DiscoveredAction]
  public var diagnostics: [DiscoveryDiagnostic]

  public init(actions: [DiscoveredAction], diagnostics: [DiscoveryDiagnostic]) {
    self.actions = actions
    self.diagnostics = diagnostics
  }
}
