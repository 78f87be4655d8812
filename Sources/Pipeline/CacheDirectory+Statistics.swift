extension CacheDirectory {
  var statisticsPath: String { path + "/remote-stats" }

  /// The counters so far (zero when none were recorded or the file is unreadable).
  public func statistics() -> CacheStatistics {
    guard let bytes = try? FileSystem.readFileIfPresent(statisticsPath) else { return CacheStatistics() }
    return CacheStatistics(text: String(decoding: bytes, as: UTF8.self))
  }

  /// Adds one build's counters. Concurrent builds take turns (`remote-stats.lock`), so none
  /// is lost; a failure only loses this build's counts, which are worth no warning.
  public func recordStatistics(_ build: CacheStatistics) {
    guard let lock = try? FileLock(path: path + "/remote-stats.lock"), (try? lock.lock(.exclusive)) != nil else {
      return
    }
    defer { lock.unlock() }
    try? FileSystem.writeAtomically(Array((statistics() + build).text.utf8), to: statisticsPath)
  }
}
