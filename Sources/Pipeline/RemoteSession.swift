import Dispatch
import Hashing
import Synchronization

/// One build's use of a ``RemoteCache``: fetches and verifies results on local misses,
/// uploads results after local runs, and keeps the degrade policy.
///
/// Nothing fetched is trusted: an entry must pass ``ActionCache/decode(_:name:)`` and name
/// the stage that asked, and every object it references must hash to its digest with its
/// size before the entry counts as a hit. Verified objects and the entry are then stored
/// locally, so the next build is a local hit. Problems never fail the build: the first
/// becomes the build's one warning, and later ones are only counted. A remote that cannot
/// be reached is not contacted again in the build; a refusal stops that direction.
///
/// Uploads run on one background queue, in order (each entry after its objects, so a
/// reader never finds an entry before what it references), and ``finish()`` waits for them
/// while the build still holds the cache lock, so pruning cannot remove what is being sent.
final class RemoteSession: Sendable {
  let remote: any RemoteCache
  let content: ContentStore
  let actionCache: ActionCache

  private struct State {
    var readsStopped = false
    var writesStopped = false
    var problem: (error: RemoteCacheError, writing: Bool)?
    var moreProblems = 0
    var summary: RemoteCacheSummary
    /// Bytes this build added to the local cache from the remote, for the size estimate.
    var storedLocally = 0
    /// Objects already uploaded (or found present) in this build.
    var uploaded: Set<Digest> = []
    /// Objects the remote served with the wrong bytes: uploads replace them.
    var damaged: Set<Digest> = []
  }

  private let state: Mutex<State>
  private let uploads = DispatchGroup()
  private let uploadQueue = DispatchQueue(label: "synapse.remote-cache.uploads")

  init(remote: any RemoteCache, cache: CacheDirectory) {
    self.remote = remote
    self.content = cache.content
    self.actionCache = cache.actionCache
    state = Mutex(State(summary: RemoteCacheSummary(name: remote.displayName, readOnly: !remote.allowsWrites)))
  }

  /// The remote's verified result for `key`, now also in the local cache; nil on a miss
  /// or any problem (recorded).
  /// - Parameter check: The stage's own check of the fetched outputs
  ///   (``Stage/problemWithRemoteOutputs(_:content:)``); a reason rejects the entry.
  func fetch(
    _ key: Digest, stage: String, check: (StageOutputs) -> String? = { _ in nil }
  ) -> ActionCache.Entry? {
    guard !state.withLock({ $0.readsStopped }) else { return nil }
    let name = "entry ac/\(key.short) of stage '\(stage)'"
    let bytes: [UInt8]
    do {
      guard let fetched = try remote.fetchAction(key) else { return miss() }
      bytes = fetched
    } catch {
      return record(error, writing: false)
    }
    state.withLock { $0.summary.downloadedBytes += bytes.count }
    let entry: ActionCache.Entry
    switch ActionCache.decode(bytes, name: "remote \(name)") {
    case .hit(let decoded) where decoded.stage == stage:
      entry = decoded
    case .hit(let decoded):
      return record(.failed("remote \(name) is for stage '\(decoded.stage)'"), writing: false)
    case .unusable(let why):
      return record(.failed(why), writing: false)
    case .miss:
      return miss()
    }
    for blob in entry.outputs.allBlobs {
      guard let digest = Digest(hex: blob.digest) else {
        return record(.failed("remote \(name) names an invalid digest"), writing: false)
      }
      if content.contains(digest, size: blob.size) { continue }
      do {
        guard try fetchObject(digest, size: blob.size, for: stage) else {
          // The remote evicted the object but kept the entry: a miss, not a fault.
          return miss()
        }
      } catch {
        return record(error, writing: false)
      }
    }
    if let problem = check(entry.outputs) {
      return record(
        .failed("remote \(name) does not describe what it delivered: \(problem); it was not used"), writing: false)
    }
    do {
      try actionCache.store(key, encoded: bytes)
    } catch {
      return record(.failed("cannot keep remote \(name) locally: \(error)"), writing: false)
    }
    state.withLock {
      $0.storedLocally += bytes.count
      $0.summary.hits += 1
    }
    return entry
  }

  /// Downloads one object into the content store if it is what its digest says.
  /// - Returns: False when the remote does not have it.
  private func fetchObject(_ digest: Digest, size: Int, for stage: String) throws(RemoteCacheError) -> Bool {
    let writer: BlobWriter
    do {
      writer = try content.makeWriter()
    } catch {
      throw .failed("cannot store an object from the remote: \(error)")
    }
    // The empty object is always present in Bazel's protocol; no request needed.
    if digest == Digest.empty, size == 0 {
      do {
        _ = try writer.commit()
      } catch {
        throw .failed("cannot store an object from the remote: \(error)")
      }
      return true
    }
    guard try remote.fetchContent(digest, into: writer) else { return false }
    let received = writer.size
    let verified: Bool
    do {
      verified = try writer.commit(expecting: digest, size: size)
    } catch {
      throw .failed("cannot store object cas/\(digest.short) from the remote: \(error)")
    }
    guard verified else {
      state.withLock { _ = $0.damaged.insert(digest) }
      throw .failed(
        "remote object cas/\(digest.short) of stage '\(stage)' does not match its digest "
          + "(\(received) bytes, \(size) expected); it was not used")
    }
    state.withLock {
      $0.summary.downloadedBytes += size
      $0.storedLocally += size
    }
    return true
  }

  /// Sends a stage's result after it ran locally: its objects (those the remote lacks),
  /// then its entry. Returns at once; ``finish()`` waits.
  func upload(_ key: Digest, encoded entry: [UInt8], outputs: StageOutputs, stage: String) {
    guard remote.allowsWrites, !state.withLock({ $0.writesStopped }) else { return }
    let objects = outputs.allBlobs.compactMap { blob in Digest(hex: blob.digest).map { ($0, blob.size) } }
    uploads.enter()
    uploadQueue.async { [self] in
      defer { uploads.leave() }
      for (digest, size) in objects {
        let (skip, damaged) = state.withLock { s in
          (s.writesStopped || !s.uploaded.insert(digest).inserted, s.damaged.contains(digest))
        }
        if skip { continue }
        if digest == Digest.empty { continue }
        do throws(RemoteCacheError) {
          let sent = try remote.storeContent(
            digest, size: size, from: content.path(for: digest), replacing: damaged)
          state.withLock { $0.summary.uploadedBytes += sent }
        } catch {
          _ = record(error, writing: true)
          return
        }
      }
      guard !state.withLock({ $0.writesStopped }) else { return }
      do throws(RemoteCacheError) {
        try remote.storeAction(key, entry)
        state.withLock { $0.summary.uploadedBytes += entry.count }
      } catch {
        _ = record(error, writing: true)
      }
    }
  }

  /// Waits for uploads and says what the build did with the remote.
  func finish() -> (summary: RemoteCacheSummary, storedLocally: Int) {
    uploads.wait()
    return state.withLock { s in
      var summary = s.summary
      if let problem = s.problem {
        summary.warning = Self.warning(
          remote: summary.name, problem.error, writing: problem.writing, more: s.moreProblems)
      }
      return (summary, s.storedLocally)
    }
  }

  private func miss() -> ActionCache.Entry? {
    state.withLock { $0.summary.misses += 1 }
    return nil
  }

  /// Remembers a problem and stops what it makes pointless; a read problem is a miss.
  private func record(_ error: RemoteCacheError, writing: Bool) -> ActionCache.Entry? {
    state.withLock { s in
      switch error {
      case .unreachable:
        s.readsStopped = true
        s.writesStopped = true
      case .refused:
        if writing { s.writesStopped = true } else { s.readsStopped = true }
      case .failed:
        break
      }
      if s.problem == nil {
        s.problem = (error, writing)
      } else {
        s.moreProblems += 1
      }
      if !writing { s.summary.misses += 1 }
    }
    return nil
  }

  /// The build's one line about the remote: what went wrong first, and what the build did
  /// about it.
  static func warning(remote name: String, _ error: RemoteCacheError, writing: Bool, more: Int) -> String {
    let consequence: String
    switch error {
    case .unreachable:
      consequence = "not contacted again in this build, which carried on locally"
    case .refused:
      consequence =
        writing
        ? "nothing more was uploaded in this build" : "nothing more was fetched in this build; stages ran locally"
    case .failed:
      consequence = writing ? "that result was not uploaded" : "that stage ran locally"
    }
    var text = "remote cache \(name): \(error); \(consequence)"
    if more > 0 { text += " (and \(more) more remote cache problem\(more == 1 ? "" : "s"))" }
    return text
  }
}
