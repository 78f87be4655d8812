import Glibc
import Hashing
import Synchronization

/// Builds a graph in a workspace against a cache: computes every stage's key from its
/// declared inputs, reuses action-cache entries, runs the rest in parallel, and reports why.
public struct Engine: Sendable {
  public let cache: CacheDirectory
  /// Canonical absolute path of the workspace; symlinks may not leave it.
  public let workspace: String

  public init(cache: CacheDirectory, workspace: String) {
    self.cache = cache
    self.workspace = workspace
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

    let run = BuildRun(
      engine: self, statCache: StatCache(path: workspaceDirectory + "/stat"),
      previous: WorkspaceState.load(workspaceDirectory + "/state.json"), started: started)
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

    var saveError: (any Error)?
    do {
      try run.statCache.saveIfNeeded()
      try run.saveState(workspaceDirectory + "/state.json")
    } catch {
      saveError = error
    }
    cacheLock.unlock()
    let report = run.report(order: stages.map(\.name), jobs: jobs)
    if run.bytesWritten > 0 { _ = cache.recordGrowth(run.bytesWritten, protecting: usedPaths(report)) }
    if let saveError { throw saveError }
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
      for case .blob(let hex, _) in outputs.entries.values {
        if let d = Digest(hex: hex) { paths.insert(cache.content.path(for: d)) }
      }
    }
    return paths
  }
}

/// The mutable state of one build, shared by the worker lanes.
final class BuildRun: Sendable {
  struct Result: Sendable {
    var report: StageReport
    var outputs: StageOutputs?
    var record: WorkspaceState.StageRecord?
  }

  let engine: Engine
  let statCache: StatCache
  let previous: WorkspaceState
  let started: Int64
  private let results = Mutex<[String: Result]>([:])
  private let written = Mutex(0)

  /// Bytes this build added to the cache (action entries and content objects).
  var bytesWritten: Int { written.withLock { $0 } }
  private let events = Mutex<[TraceEvent]>([])

  init(engine: Engine, statCache: StatCache, previous: WorkspaceState, started: Int64) {
    self.engine = engine
    self.statCache = statCache
    self.previous = previous
    self.started = started
  }

  var content: ContentStore { engine.cache.content }

  /// Resolves inputs, looks the key up, runs the stage on a miss; true when it succeeded.
  func execute(_ stage: any Stage, lane: Int) -> Bool {
    let t0 = MonotonicClock.now()
    var report = StageReport(name: stage.name, status: .ran, durationMs: 0, reason: .neverBuilt)
    var record: WorkspaceState.StageRecord?
    var outputs: StageOutputs?
    defer {
      let t1 = MonotonicClock.now()
      report.durationMs = Double(t1 - t0) / 1_000_000
      trace(stage.name, category: report.status.rawValue, from: t0, to: t1, lane: lane)
      let result = Result(report: report, outputs: outputs, record: record)
      results.withLock { $0[stage.name] = result }
    }
    do {
      let resolved = try resolveInputs(of: stage)
      trace("\(stage.name): inputs", category: "inputs", from: t0, to: MonotonicClock.now(), lane: lane)
      record = resolved.record
      report.key = resolved.key.hex
      var reason = RunReason.notCacheable
      if stage.isCacheable {
        switch engine.cache.actionCache.lookup(resolved.key) {
        case .hit(let entry):
          engine.cache.actionCache.markUsed(resolved.key, entry, now: MonotonicClock.wallNow())
          report.status = .cached
          report.reason = .cacheHit
          outputs = entry.outputs
          report.outputDigest = entry.outputs.digest.hex
          return true
        case .miss:
          reason = explain(stage, resolved.record, resolved.trees)
        case .unusable(let why):
          reason = .entryUnusable(why)
        }
      }
      report.reason = reason
      let context = StageContext(
        stageName: stage.name, workspace: engine.workspace, values: resolved.values,
        files: resolved.files, trees: resolved.trees, upstream: resolved.upstream,
        content: content, previousOutputs: previousOutputs(of: stage))
      let runStart = MonotonicClock.now()
      try stage.run(context)
      let runEnd = MonotonicClock.now()
      report.warnings = context.warnings
      outputs = context.outputs
      written.withLock { $0 += context.bytesStored }
      report.outputDigest = context.outputs.digest.hex
      if stage.isCacheable {
        written.withLock { $0 += 1024 }
        try engine.cache.actionCache.store(
          resolved.key,
          ActionCache.Entry(
            stage: stage.name, outputs: context.outputs,
            durationMs: Int((runEnd - runStart) / 1_000_000)))
      }
      report.status = .ran
      return true
    } catch let error as SystemError where (error.code == ENOSPC || error.code == EDQUOT)
      && error.path.hasPrefix(engine.cache.path + "/")
    {
      report.status = .failed
      report.error = "\(PipelineError.cacheFull(path: engine.cache.path, reason: error.reason))"
      outputs = nil
      return false
    } catch {
      report.status = .failed
      report.error = "\(error)"
      outputs = nil
      return false
    }
  }

  func skip(_ name: String, because failed: String) {
    let report = StageReport(name: name, status: .skipped, durationMs: 0, reason: .upstreamFailed(failed))
    results.withLock { $0[name] = Result(report: report, outputs: nil, record: nil) }
  }

  func report(order: [String], jobs: Int) -> BuildReport {
    let all = results.withLock { $0 }
    var outputs: [String: StageOutputs] = [:]
    for (name, r) in all { outputs[name] = r.outputs }
    return BuildReport(
      stages: order.compactMap { all[$0]?.report }, outputs: outputs,
      durationMs: Double(MonotonicClock.now() - started) / 1_000_000,
      traceEvents: events.withLock { $0 }.sorted { $0.start < $1.start }, jobs: jobs)
  }

  /// Writes the last-run record when it changed; a null build writes nothing.
  func saveState(_ path: String) throws {
    var state = previous
    for (name, r) in results.withLock({ $0 }) {
      if let record = r.record { state.stages[name] = record }
    }
    if state != previous { try state.save(path) }
  }

  private func trace(_ name: String, category: String, from: Int64, to: Int64, lane: Int) {
    let event = TraceEvent(
      name: name, category: category, start: (from - started) / 1000,
      duration: (to - from) / 1000, lane: lane)
    events.withLock { $0.append(event) }
  }

  /// The outputs of this stage's last run in this workspace, if its entry is still cached.
  func previousOutputs(of stage: any Stage) -> StageOutputs? {
    guard stage.isCacheable, let key = previous.stages[stage.name].flatMap({ Digest(hex: $0.key) }),
      case .hit(let entry) = engine.cache.actionCache.lookup(key)
    else { return nil }
    return entry.outputs
  }

  func upstreamOutputs(_ name: String) -> StageOutputs? {
    results.withLock { $0[name]?.outputs }
  }
}
