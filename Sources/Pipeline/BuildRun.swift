import Glibc
import Hashing
import Synchronization

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
  /// The remote cache, when the build has one.
  let remote: RemoteSession?
  private let results = Mutex<[String: Result]>([:])
  private let written = Mutex(0)
  /// Build-level findings (damaged cache objects that were rebuilt), in the order found.
  private let findings = Mutex<[String]>([])

  /// What the build found wrong with the cache and repaired, for the report's warnings.
  var warnings: [String] { findings.withLock { $0 } }

  /// Bytes this build added to the cache (action entries and content objects).
  var bytesWritten: Int { written.withLock { $0 } }
  private let events = Mutex<[TraceEvent]>([])

  init(engine: Engine, statCache: StatCache, previous: WorkspaceState, started: Int64, remote: RemoteSession? = nil) {
    self.engine = engine
    self.statCache = statCache
    self.previous = previous
    self.started = started
    self.remote = remote
  }

  var content: ContentStore { engine.cache.content }

  /// Resolves inputs, looks the key up, runs the stage on a miss; true when it succeeded.
  func execute(_ stage: any Stage, lane: Int) -> Bool {
    let t0 = MonotonicClock.now()
    var report = StageReport(name: stage.name, status: .ran, durationMs: 0, reason: .neverBuilt)
    var record: WorkspaceState.StageRecord?
    var outputs: StageOutputs?
    // The stage's context while it runs, so warnings it gave before failing are kept.
    var running: StageContext?
    defer {
      if report.status == .failed, let running { report.warnings = running.warnings }
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
        let local = engine.cache.actionCache.lookup(resolved.key)
        var problem: String?
        if case .hit(let entry) = local {
          problem = stage.problemWithCachedOutputs(entry.outputs) ?? damagedOutput(entry.outputs, of: stage)
          if problem == nil {
            engine.cache.actionCache.markUsed(resolved.key, entry, now: MonotonicClock.wallNow())
            report.status = .cached
            report.reason = .cacheHit
            report.warnings = entry.warnings ?? []
            outputs = entry.outputs
            report.outputDigest = entry.outputs.digest.hex
            return true
          }
        }
        if let remote, stage.isRemotelyCacheable {
          let t = MonotonicClock.now()
          let fetched = remote.fetch(resolved.key, stage: stage.name) { [content] outputs in
            stage.problemWithRemoteOutputs(outputs, content: content)
          }
          trace("\(stage.name): remote", category: "remote", from: t, to: MonotonicClock.now(), lane: lane)
          if let entry = fetched, stage.problemWithCachedOutputs(entry.outputs) == nil {
            report.status = .cached
            report.reason = .remoteHit
            report.warnings = entry.warnings ?? []
            outputs = entry.outputs
            report.outputDigest = entry.outputs.digest.hex
            return true
          }
        }
        switch local {
        case .hit: reason = .entryUnusable(problem ?? "")
        case .miss: reason = explain(stage, resolved.record, resolved.trees)
        case .unusable(let why): reason = .entryUnusable(why)
        }
      }
      report.reason = reason
      let context = StageContext(
        stageName: stage.name, workspace: engine.workspace, values: resolved.values,
        files: resolved.files, trees: resolved.trees, upstream: resolved.upstream,
        content: content, previousOutputs: previousOutputs(of: stage), statCache: statCache)
      let runStart = MonotonicClock.now()
      running = context
      try stage.run(context)
      let runEnd = MonotonicClock.now()
      report.warnings = context.warnings
      outputs = context.outputs
      written.withLock { $0 += context.bytesStored }
      report.outputDigest = context.outputs.digest.hex
      if stage.isCacheable {
        written.withLock { $0 += 1024 }
        let entry = try ActionCache.encode(
          ActionCache.Entry(
            stage: stage.name, outputs: context.outputs,
            durationMs: Int((runEnd - runStart) / 1_000_000), warnings: context.warnings))
        try engine.cache.actionCache.store(resolved.key, encoded: entry)
        if let remote, stage.isRemotelyCacheable {
          remote.upload(resolved.key, encoded: entry, outputs: context.outputs, stage: stage.name)
        }
      }
      report.status = .ran
      return true
    } catch let error as SystemError
      where (error.code == ENOSPC || error.code == EDQUOT)
      && error.path.hasPrefix(engine.cache.path + "/")
    {
      report.status = .failed
      report.error = "\(PipelineError.cacheFull(path: engine.cache.path, reason: error.reason))"
      outputs = nil
      return false
    } catch {
      report.status = .failed
      report.error = "\(error)"
      report.details = (error as? any DetailedError)?.details
      outputs = nil
      return false
    }
  }

  /// Why a hit's results cannot be handed on: a result object that no longer holds the
  /// bytes its digest names (see ``ContentStore/integrity(of:size:statCache:)``). The
  /// damaged object is removed, so the stage's run (or a remote hit) writes it afresh, and
  /// the build warns.
  private func damagedOutput(_ outputs: StageOutputs, of stage: any Stage) -> String? {
    for name in outputs.entries.keys.sorted() {
      guard let blob = outputs.blob(name) else { continue }
      switch content.integrity(of: blob.digest, size: blob.size, statCache: statCache) {
      case .intact:
        continue
      case .missing:
        return "output '\(name)' (\(blob.digest.short)) is missing from the content store"
      case .damaged:
        content.discard(blob.digest)
        let problem = "output '\(name)' (\(blob.digest.short)) was damaged in the content store"
        findings.withLock {
          $0.append(
            "cache object cas/\(blob.digest.short) (output '\(name)' of stage '\(stage.name)') did not match its "
              + "SHA-256; it was removed and the stage ran again")
        }
        return problem
      }
    }
    return nil
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
      traceEvents: events.withLock { $0 }.sorted { $0.start < $1.start }, jobs: jobs, warnings: [])
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
