/// Counters `synapse cache stats` reports about remote caching, summed over the builds that
/// had a remote cache (`stats.json` in the cache directory).
///
/// Builds without a remote cache do not count: updating a file on every build would make
/// null builds write, which they never do.
public struct CacheStatistics: Sendable, Equatable, Codable {
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
