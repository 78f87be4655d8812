/// A unit of work in a build graph.
///
/// Stages are values that describe their inputs; the engine computes their key, looks it up
/// in the action cache and calls ``run(_:)`` only on a miss.
public protocol Stage: Sendable {
  /// Unique within a graph; also how downstream stages refer to this one.
  var name: String { get }
  /// Bumped whenever the stage's implementation changes what it produces, so old cache
  /// entries stop matching.
  var version: Int { get }
  /// Everything the stage reads.
  var inputs: [StageInput] { get }
  /// False for side effects (upload, run) that must never be replayed from the cache.
  var isCacheable: Bool { get }
  /// Does the work and records outputs through the context.
  func run(_ context: StageContext) throws
}

extension Stage {
  public var isCacheable: Bool { true }

  /// The names of the stages this one reads from.
  public var dependencies: [String] {
    inputs.compactMap {
      if case .stage(let name) = $0 { return name }
      return nil
    }
  }
}
