import FoundationEssentials

extension CacheDirectory {
  var statisticsPath: String { path + "/stats.json" }

  /// The counters so far (zero when none were recorded or the file is unreadable).
  public func statistics() -> CacheStatistics {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    guard let bytes = try? FileSystem.readFileIfPresent(statisticsPath),
      let stats = try? decoder.decode(CacheStatistics.self, from: Data(bytes))
    else { return CacheStatistics() }
    return stats
  }

  /// Adds one build's counters. Concurrent builds take turns (`stats.lock`), so none is
  /// lost; a failure only loses this build's counts, which are worth no warning.
  public func recordStatistics(_ build: CacheStatistics) {
    guard let lock = try? FileLock(path: path + "/stats.lock"), (try? lock.lock(.exclusive)) != nil else { return }
    defer { lock.unlock() }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    guard let data = try? encoder.encode(statistics() + build) else { return }
    try? FileSystem.writeAtomically(Array(data) + [0x0A], to: statisticsPath)
  }
}
