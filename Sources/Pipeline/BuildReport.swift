import FoundationEssentials

/// Everything a build did: per-stage outcomes, outputs, timing and trace events.
public struct BuildReport: Sendable {
  public var stages: [StageReport]
  public var outputs: [String: StageOutputs]
  public var durationMs: Double
  public var traceEvents: [TraceEvent]
  public var jobs: Int
  /// Problems outside any stage that did not fail the build.
  public var warnings: [String] = []
  /// What the build did with its remote cache, when it had one.
  public var remote: RemoteCacheSummary?

  public func count(_ status: StageReport.Status) -> Int {
    stages.filter { $0.status == status }.count
  }

  public var succeeded: Bool { !stages.contains { $0.status == .failed || $0.status == .skipped } }

  public func stage(_ name: String) -> StageReport? { stages.first { $0.name == name } }

  /// `4 stages: 1 ran, 3 cached in 12 ms` (plus failures and skips when there are any).
  public var summary: String {
    let remoteHits = stages.filter { $0.reason == .remoteHit }.count
    var parts = ["\(count(.ran)) ran", "\(count(.cached)) cached" + (remoteHits > 0 ? " (\(remoteHits) remote)" : "")]
    if count(.failed) > 0 { parts.append("\(count(.failed)) failed") }
    if count(.skipped) > 0 { parts.append("\(count(.skipped)) skipped") }
    let noun = stages.count == 1 ? "stage" : "stages"
    return "\(stages.count) \(noun): \(parts.joined(separator: ", ")) in \(Self.format(ms: durationMs))"
  }

  static func format(ms: Double) -> String {
    ms < 10 ? String(Double(Int(ms * 10)) / 10) + " ms" : "\(Int(ms.rounded())) ms"
  }

  /// The JSON object `--json` prints; callers add their own fields at the top level.
  public func jsonObject() -> [String: JSONValue] {
    let stageObjects: [JSONValue] = stages.map { s in
      var o: [String: JSONValue] = [
        "name": .string(s.name), "status": .string(s.status.rawValue),
        "duration_ms": .number((s.durationMs * 1000).rounded() / 1000),
        "reason": .string(s.reason.description),
      ]
      if let key = s.key { o["key"] = .string(key) }
      if let out = s.outputDigest { o["output"] = .string(out) }
      if let error = s.error { o["error"] = .string(error) }
      if let details = s.details { o["details"] = .string(details) }
      if !s.warnings.isEmpty { o["warnings"] = .array(s.warnings.map(JSONValue.string)) }
      return .object(o)
    }
    var object: [String: JSONValue] = [
      "stages": .array(stageObjects),
      "ran": .number(Double(count(.ran))), "cached": .number(Double(count(.cached))),
      "failed": .number(Double(count(.failed))), "skipped": .number(Double(count(.skipped))),
      "duration_ms": .number((durationMs * 1000).rounded() / 1000),
      "warnings": .array(warnings.map(JSONValue.string)),
    ]
    if let remote {
      object["remote_cache"] = .object([
        "url": .string(remote.name), "read_only": .bool(remote.readOnly), "hits": .number(Double(remote.hits)),
        "misses": .number(Double(remote.misses)), "downloaded_bytes": .number(Double(remote.downloadedBytes)),
        "uploaded_bytes": .number(Double(remote.uploadedBytes)),
      ])
    }
    return object
  }

  /// Chrome trace-event JSON (`{"traceEvents": [...]}`), one lane per worker.
  public func traceJSON() -> [UInt8] {
    var events: [JSONValue] = [
      .object([
        "name": .string("process_name"), "ph": .string("M"), "pid": .number(1),
        "args": .object(["name": .string("synapse")]),
      ])
    ]
    for lane in Set(traceEvents.map(\.lane)).sorted() {
      events.append(
        .object([
          "name": .string("thread_name"), "ph": .string("M"), "pid": .number(1),
          "tid": .number(Double(lane)), "args": .object(["name": .string("worker \(lane)")]),
        ]))
    }
    for e in traceEvents {
      events.append(
        .object([
          "name": .string(e.name), "cat": .string(e.category), "ph": .string("X"),
          "ts": .number(Double(e.start)), "dur": .number(Double(max(e.duration, 1))),
          "pid": .number(1), "tid": .number(Double(e.lane)),
        ]))
    }
    return JSONValue.object(["traceEvents": .array(events), "displayTimeUnit": .string("ms")])
      .serialized()
  }
}
