/// Counters `synapse cache stats` reports about remote caching, summed over the builds that
/// had a remote cache (`remote-stats` in the cache directory: one `name value` line each,
/// read and written by hand because JSON coding would cost every such build more than the
/// rest of a null build's bookkeeping).
///
/// Builds without a remote cache, and null builds (every stage a local hit), do not count:
/// updating a file on every build would make null builds write, which they never do.
public struct CacheStatistics: Sendable, Equatable {
  public var builds = 0
  /// Stages answered from the local cache.
  public var localHits = 0
  /// Stages answered from the remote cache.
  public var remoteHits = 0
  /// Stages the remote was asked about and could not answer.
  public var remoteMisses = 0
  /// Stages that ran.
  public var ran = 0
  public var downloadedBytes = 0
  public var uploadedBytes = 0
  /// Builds that gave a remote-cache warning.
  public var buildsWithRemoteProblems = 0

  public init() {}

  /// One build's contribution.
  public init(build report: BuildReport) {
    builds = 1
    let remote = report.remote
    remoteHits = remote?.hits ?? 0
    localHits = report.count(.cached) - remoteHits
    remoteMisses = remote?.misses ?? 0
    ran = report.count(.ran)
    downloadedBytes = remote?.downloadedBytes ?? 0
    uploadedBytes = remote?.uploadedBytes ?? 0
    buildsWithRemoteProblems = remote?.warning == nil ? 0 : 1
  }

  /// The file's lines, in a fixed order.
  var text: String {
    [
      ("builds", builds), ("local_hits", localHits), ("remote_hits", remoteHits), ("remote_misses", remoteMisses),
      ("ran", ran), ("downloaded_bytes", downloadedBytes), ("uploaded_bytes", uploadedBytes),
      ("builds_with_remote_problems", buildsWithRemoteProblems),
    ].map { "\($0.0) \($0.1)\n" }.joined()
  }

  /// Parses ``text``; unknown or malformed lines are skipped.
  init(text: String) {
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count == 2, let n = Int(fields[1]) else { continue }
      switch fields[0] {
      case "builds": builds = n
      case "local_hits": localHits = n
      case "remote_hits": remoteHits = n
      case "remote_misses": remoteMisses = n
      case "ran": ran = n
      case "downloaded_bytes": downloadedBytes = n
      case "uploaded_bytes": uploadedBytes = n
      case "builds_with_remote_problems": buildsWithRemoteProblems = n
      default: continue
      }
    }
  }

  static func + (a: CacheStatistics, b: CacheStatistics) -> CacheStatistics {
    var sum = CacheStatistics()
    sum.builds = a.builds + b.builds
    sum.localHits = a.localHits + b.localHits
    sum.remoteHits = a.remoteHits + b.remoteHits
    sum.remoteMisses = a.remoteMisses + b.remoteMisses
    sum.ran = a.ran + b.ran
    sum.downloadedBytes = a.downloadedBytes + b.downloadedBytes
    sum.uploadedBytes = a.uploadedBytes + b.uploadedBytes
    sum.buildsWithRemoteProblems = a.buildsWithRemoteProblems + b.buildsWithRemoteProblems
    return sum
  }
}
