import Glibc

extension CacheDirectory {
  /// What a prune removed.
  public struct PruneResult: Sendable, Equatable {
    public var removedFiles = 0
    public var removedBytes = 0
    public var remainingBytes = 0
  }

  /// Deletes least-recently-used entries until the cache holds at most `target` bytes.
  ///
  /// Entries are ordered by mtime, which builds refresh on every hit (``ActionCache/markUsed``).
  /// An action entry whose blob was pruned is a miss, never a wrong result, so entries and
  /// objects can be removed independently. The caller must hold the cache lock exclusively.
  /// - Parameter protected: Paths never removed (what the current build just used).
  public func prune(toAtMost target: Int, protecting protected: Set<String> = []) -> PruneResult {
    var files = (objectFiles(in: path + "/ac") + objectFiles(in: path + "/cas")).filter { !protected.contains($0.path) }
    removeStaleTemporaries()
    var total =
      files.reduce(0) { $0 + $1.size } + protected.reduce(0) { sum, p in sum + ((try? FileSystem.stat(p).size) ?? 0) }
      + temporaryUsage().bytes
    var result = PruneResult()
    if total > target {
      files.sort { $0.mtime < $1.mtime }
      for file in files where total > target {
        if unlink(file.path) == 0 {
          total -= file.size
          result.removedFiles += 1
          result.removedBytes += file.size
        }
      }
    }
    result.remainingBytes = total
    return result
  }

  /// Prunes to 80% of the bound when the cache has grown past it, if no other process is
  /// using the cache; a busy cache is pruned by a later run. Entries in `protected` (those
  /// the build that triggers the prune used) are kept whatever their age.
  public func pruneIfOverLimit(protecting protected: Set<String> = []) -> PruneResult? {
    guard let lock = try? lock(), (try? lock.tryLock(.exclusive)) == true else { return nil }
    defer { lock.unlock() }
    let usage = usage()
    guard usage.totalBytes > maxBytes else {
      saveSizeEstimate(usage.totalBytes)
      return nil
    }
    let result = prune(toAtMost: maxBytes / 10 * 8, protecting: protected)
    saveSizeEstimate(result.remainingBytes)
    return result
  }

  /// Adds what a build wrote to the cache's size estimate and prunes when the estimate
  /// passes the bound. The estimate (`size-estimate`, corrected by every real walk) spares
  /// builds a walk over the whole cache; concurrent builds may lose an addition, which only
  /// delays a prune until the next build that writes.
  public func recordGrowth(_ bytes: Int, protecting protected: Set<String>) -> PruneResult? {
    guard bytes > 0 else { return nil }
    guard let estimate = loadSizeEstimate() else { return pruneIfOverLimit(protecting: protected) }
    let total = estimate + bytes
    guard total > maxBytes else {
      saveSizeEstimate(total)
      return nil
    }
    return pruneIfOverLimit(protecting: protected)
  }

  var sizeEstimatePath: String { path + "/size-estimate" }

  func loadSizeEstimate() -> Int? {
    guard let bytes = try? FileSystem.readFileIfPresent(sizeEstimatePath) else { return nil }
    return Int(String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace })
  }

  func saveSizeEstimate(_ bytes: Int) {
    try? FileSystem.writeAtomically(Array("\(bytes)\n".utf8), to: sizeEstimatePath)
  }

  /// Removes everything but the lock file. The caller holds the lock exclusively.
  public func clean() throws(SystemError) {
    for dir in ["ac", "cas", "tmp", "workspaces"] {
      try FileSystem.removeTree(path + "/" + dir)
      try FileSystem.createDirectory(path + "/" + dir)
    }
    saveSizeEstimate(0)
    guard unlink(statisticsPath) == 0 || errno == ENOENT else { throw SystemError("remove", statisticsPath) }
  }

  /// Removes temp files left by killed processes: those whose writer (the pid in their
  /// name, `blob-<pid>-<n>`) is gone and that have not been written to for five minutes,
  /// and anything older than an hour. Safe under the shared lock, since no live build owns
  /// them; builds that wrote to the cache call it, so a killed build's leftovers go with the
  /// next build rather than with the next prune. The five minutes allow for a writer in
  /// another pid namespace (a container sharing the cache), whose pid means nothing here.
  /// - Returns: The bytes removed.
  @discardableResult
  public func removeStaleTemporaries() -> Int {
    let tmp = path + "/tmp"
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let hour = (Int64(now.tv_sec) - 3600) * 1_000_000_000
    let idle = (Int64(now.tv_sec) - 300) * 1_000_000_000
    var removed = 0
    for name in (try? FileSystem.listDirectory(tmp)) ?? [] {
      let text = String(decoding: name, as: UTF8.self)
      let p = tmp + "/" + text
      guard let st = try? FileSystem.lstat(p) else { continue }
      let parts = text.split(separator: "-")
      let writerGone = parts.count == 3 && Int32(parts[1]).map { kill($0, 0) != 0 && errno == ESRCH } == true
      if st.mtimeNanoseconds < hour || (writerGone && st.mtimeNanoseconds < idle) {
        if (try? FileSystem.removeTree(p)) != nil { removed += st.size }
      }
    }
    return removed
  }
}
