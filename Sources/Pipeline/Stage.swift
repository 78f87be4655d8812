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
  /// Whether results may be shared through a ``RemoteCache`` with other machines and
  /// checkouts (default: ``isCacheable``). False for a stage whose outputs name something
  /// that exists only on this machine (a virtual environment's path), which another
  /// machine could not use.
  var isRemotelyCacheable: Bool { get }
  /// Does the work and records outputs through the context.
  func run(_ context: StageContext) throws
  /// Why a cached result can no longer be used, or nil when it can.
  ///
  /// The engine checks that a hit's blobs are in the content store; a stage whose product
  /// lives elsewhere (a virtual environment under the cache, which `cache clean` or a user
  /// may delete) says here whether it is still there. A reason makes the hit a miss that
  /// `--explain` reports as an unusable entry, and the stage runs again.
  func problemWithCachedOutputs(_ outputs: StageOutputs) -> String?
  /// Why a result fetched from a ``RemoteCache`` cannot be used, or nil when it can; asked
  /// once its objects are verified and in the local store, before it is kept.
  ///
  /// The remote is trusted for what a key produces (a self-consistent forged entry passes
  /// every digest check), but text outputs that describe a blob (an archive's MD5 and file
  /// count) must be those of the blob delivered, since they are printed and published as
  /// its identity. A reason makes the stage run locally, and its upload replaces the entry.
  func problemWithRemoteOutputs(_ outputs: StageOutputs, content: ContentStore) -> String?
}

extension Stage {
  public var isCacheable: Bool { true }

  public var isRemotelyCacheable: Bool { isCacheable }

  public func problemWithCachedOutputs(_ outputs: StageOutputs) -> String? { nil }

  public func problemWithRemoteOutputs(_ outputs: StageOutputs, content: ContentStore) -> String? { nil }

  /// The names of the stages this one reads from.
  public var dependencies: [String] {
    inputs.compactMap {
      switch $0 {
      case .stage(let name), .after(let name): return name
      default: return nil
      }
    }
  }
}
