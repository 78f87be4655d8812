import Glibc
import Hashing
import Synchronization

/// Builds a graph in a workspace against a cache: computes every stage's key from its
/// declared inputs, reuses action-cache entries, runs the rest in parallel, and reports why.
public struct Engine: Sendable {
  public let cache: CacheDirectory
  /// Canonical absolute path of the workspace; symlinks may not leave it.
  public let workspace: String
  /// Asked on local misses and filled after local runs; nil for a local-only build, which
  /// then does no work for it at all.
  public let remote: (any RemoteCache)?

  public init(cache: CacheDirectory, workspace: String, remote: (any RemoteCache)? = nil) {
    self.cache = cache
    self.workspace = workspace
    self.remote = remote
  }

  /// Runs `targets` (default: every stage) and what they depend on.
  /// - Parameter jobs: How many stages may run at once.
  /// - Throws: Only for failures outside any stage (locking, the cache directory); stage
  ///   failures are reported in the result.
  public func build(_ graph: Graph, targets: [String]? = nil, jobs: Int) throws -> BuildReport {
    let started = MonotonicClock.now()
    let cacheLock = try cache.lock()
    try cacheLock.lock(.shared)
    let workspaceDirectory = try cache.workspaceDirectory(for: workspace)
    let workspaceLock = try FileLock(path: workspaceDirectory + "/lock")
    try workspaceLock.lock(.exclusive)
    defer { workspaceLock.unlock() }

    let session = remote.map { RemoteSession(remote: $0, cache: cache) }
    let run = BuildRun(
      engine: self, statCache: StatCache(path: workspaceDirectory + "/stat"),
      previous: WorkspaceState.load(workspaceDirectory + "/state.json"), started: started, remote: session)
    let stages = targets.map { graph.closure(of: $0) } ?? graph.stages
    var dependencies: [String: [String]] = [:]
    for stage in stages { dependencies[stage.name] = stage.dependencies }
    let byName = Dictionary(uniqueKeysWithValues: stages.map { ($0.name, $0) })

    Scheduler(jobs: jobs).run(
      nodes: stages.map(\.name), dependencies: dependencies,
      work: { name, lane in
        guard let stage = byName[name] else { return false }
        return run.execute(stage, lane: lane)
      },
      skip: { name, failed in run.skip(name, because: failed) })

    // The stat cache and last-run record only make the next build faster and better
    // explained: failing to save them is worth a warning, not a failed build.
    var warnings = run.warnings
    do {
      try run.statCache.saveIfNeeded()
      try run.saveState(workspaceDirectory + "/state.json")
    } catch {
      warnings.append("\(error); the next build will hash files again")
    }
    // Uploads finish while the cache lock is held, so no prune removes what is being sent.
    let remoteOutcome = session?.finish()
    cacheLock.unlock()
    var report = run.report(order: stages.map(\.name), jobs: jobs)
    if let remoteOutcome {
      report.remote = remoteOutcome.summary
      if let warning = remoteOutcome.summary.warning { warnings.append(warning) }
      // A null build (every stage a local hit) writes nothing, counters included.
      let null = report.stages.allSatisfy { $0.reason == .cacheHit }
      if !null || remoteOutcome.summary.warning != nil { cache.recordStatistics(CacheStatistics(build: report)) }
    }
    report.warnings = warnings
    let written = run.bytesWritten + (remoteOutcome?.storedLocally ?? 0)
    if written > 0 {
      // A build that wrote clears what killed builds left in tmp/ (a null build writes nothing).
      cache.removeStaleTemporaries()
      _ = cache.recordGrowth(written, protecting: usedPaths(report))
    }
    return report
  }
}

extension Engine {
  /// The action entries and content objects a build used: never pruned by that build.
  func usedPaths(_ report: BuildReport) -> Set<String> {
    var paths = Set<String>()
    for stage in report.stages {
      if let key = stage.key.flatMap({ Digest(hex: $0) }) { paths.insert(cache.actionCache.path(for: key)) }
    }
    for outputs in report.outputs.values {
      for blob in outputs.allBlobs {
        if let d = Digest(hex: blob.digest) { paths.insert(cache.content.path(for: d)) }
      }
    }
    return paths
  }
}
