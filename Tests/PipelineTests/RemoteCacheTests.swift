import Foundation
import Hashing
import Pipeline
import TestSupport
import Testing

/// The engine against a remote cache: two checkouts at different paths with separate local
/// caches share every remotely cacheable result, everything fetched is verified before use,
/// and every kind of remote failure ends in a correct local build with one warning.
@Suite struct RemoteCacheTests {
  /// One checkout with its own local cache, and how often each stage's body ran there.
  final class Checkout: Sendable {
    let workspace = TemporaryDirectory("checkout")
    let cacheRoot = TemporaryDirectory("local-cache")
    let runs = Locked<[String: Int]>([:])

    init(_ text: String = "hello remote") {
      workspace.write("a.txt", text)
    }

    var cache: CacheDirectory { try! CacheDirectory(path: cacheRoot.path) }

    func build(_ remote: (any RemoteCache)?) throws -> BuildReport {
      try Engine(cache: cache, workspace: workspace.path, remote: remote).build(try Graph(stages()), jobs: 2)
    }

    func ran(_ name: String) -> Int { runs.get()[name] ?? 0 }

    private func count(_ name: String) { runs.update { $0[name, default: 0] += 1 } }

    /// read (a file into a blob) → upper (a blob) → count (text); `local` is cacheable but
    /// not remotely, `publish` is a side effect.
    func stages() -> [any Stage] {
      [
        TestStage("read", inputs: [.file("a.txt")]) { [self] ctx in
          count("read")
          try ctx.setBlob("copy", try ctx.readFile("a.txt"))
          ctx.setText("note", "read")
          ctx.warn("read warns")
        },
        TestStage("upper", inputs: [.stage("read")]) { [self] ctx in
          count("upper")
          let bytes = try ctx.readBlob("read", "copy")
          try ctx.setBlob("upper", Array(String(decoding: bytes, as: UTF8.self).uppercased().utf8))
        },
        TestStage("count", inputs: [.stage("upper")]) { [self] ctx in
          count("count")
          ctx.setText("count", String(try ctx.readBlob("upper", "upper").count))
        },
        TestStage("local", inputs: [.stage("read")], remotelyCacheable: false) { [self] ctx in
          count("local")
          ctx.setText("path", ctx.workspace)
        },
        TestStage("publish", inputs: [.stage("count")], cacheable: false) { [self] ctx in
          count("publish")
          ctx.setText("done", "yes")
        },
      ]
    }
  }

  /// A remote filled by a first checkout's build.
  func filledRemote(allowsWrites: Bool = true) throws -> (MemoryRemoteCache, BuildReport) {
    let remote = MemoryRemoteCache(allowsWrites: allowsWrites)
    let first = Checkout()
    let report = try first.build(remote)
    #expect(report.succeeded)
    #expect(report.warnings.isEmpty)
    return (remote, report)
  }

  func key(_ report: BuildReport, _ stage: String) -> Digest {
    Digest(hex: report.stage(stage)?.key ?? "")!
  }

  @Test func aSecondCheckoutIsServedFromTheRemote() throws {
    let (remote, first) = try filledRemote()
    // Entries for the three shareable stages only: never the side effect, never `local`.
    #expect(remote.actions.count == 3)
    #expect(Set(remote.actions.keys) == Set(["read", "upper", "count"].map { key(first, $0) }))
    #expect(first.remote?.misses == 3)
    #expect((first.remote?.uploadedBytes ?? 0) > 0)

    let second = Checkout()
    let report = try second.build(remote)
    #expect(report.succeeded)
    #expect(report.warnings.isEmpty)
    for name in ["read", "upper", "count"] {
      #expect(report.stage(name)?.status == .cached)
      #expect(report.stage(name)?.reason == .remoteHit)
      #expect(second.ran(name) == 0)
      // Paths never enter keys: the same stage key in another directory and another cache.
      #expect(report.stage(name)?.key == first.stage(name)?.key)
      #expect(report.stage(name)?.outputDigest == first.stage(name)?.outputDigest)
    }
    #expect(report.stage("read")?.warnings == ["read warns"])
    #expect(report.stage("local")?.status == .ran)
    #expect(report.stage("publish")?.status == .ran)
    #expect(report.remote?.hits == 3)
    #expect(report.summary.contains("3 cached (3 remote)"))
    #expect(report.jsonObject()["remote_cache"] != nil)
    // Neither the side effect nor the stage kept local is ever asked about.
    for name in ["publish", "local"] {
      let stageKey = report.stage(name)?.key ?? "-"
      #expect(!remote.calls.contains { $0.hasSuffix(stageKey) })
    }
    // What was fetched is now local: the next build asks the remote nothing.
    let asked = remote.calls.count
    let third = try second.build(remote)
    #expect(third.stages.allSatisfy { $0.status == .cached || $0.name == "publish" })
    #expect(third.stage("upper")?.reason == .cacheHit)
    #expect(remote.calls.count == asked)
  }

  @Test func aBuildWithoutRemoteReportsNone() throws {
    let report = try Checkout().build(nil)
    #expect(report.remote == nil)
    #expect(report.jsonObject()["remote_cache"] == nil)
    #expect(!report.summary.contains("remote"))
  }

  @Test func aCorruptEntryRunsTheStageLocallyWithOneWarning() throws {
    let (remote, first) = try filledRemote()
    var entry = remote.actions[key(first, "upper")]!
    entry[entry.count - 2] ^= 0x20
    remote.actions[key(first, "upper")] = entry

    let second = Checkout()
    let report = try second.build(remote)
    #expect(report.succeeded)
    #expect(report.stage("upper")?.status == .ran)
    #expect(second.ran("upper") == 1)
    // Its output is the same, so the next stage still comes from the remote.
    #expect(report.stage("count")?.reason == .remoteHit)
    #expect(report.warnings.count == 1)
    #expect(report.warnings.first?.contains("memory://remote") == true)
    #expect(report.warnings.first?.contains("corrupt (checksum mismatch)") == true)
    // The local run replaced the damaged entry.
    guard case .hit = ActionCache.decode(remote.actions[key(first, "upper")]!, name: "entry") else {
      Issue.record("the remote entry was not replaced")
      return
    }
  }

  @Test func anEntryThatIsNotJSONOrIsTruncatedIsUnusable() {
    let good = try! ActionCache.encode(ActionCache.Entry(stage: "s", outputs: StageOutputs(), durationMs: 1))
    guard case .hit(let entry) = ActionCache.decode(good, name: "e") else {
      Issue.record("a good entry did not decode")
      return
    }
    #expect(entry.stage == "s")
    let cases: [([UInt8], String)] = [
      (Array(good.prefix(20)), "e is truncated"),
      (Array(good.dropLast(3)), "e is corrupt (checksum mismatch)"),
      (Array("synapse-ac 1 \(SHA256.hash(string: "{").hex)\n{".utf8), "e cannot be decoded"),
      (Array("other-format 1 x\n{}".utf8), "e is corrupt (checksum mismatch)"),
      ([], "e is truncated"),
    ]
    for (bytes, message) in cases {
      guard case .unusable(let why) = ActionCache.decode(bytes, name: "e") else {
        Issue.record("accepted \(bytes.count) bad bytes")
        continue
      }
      #expect(why == message)
    }
  }

  @Test func anEntryStoredUnderAnotherStagesKeyIsRejected() throws {
    let (remote, first) = try filledRemote()
    remote.actions[key(first, "upper")] = remote.actions[key(first, "read")]
    let second = Checkout()
    let report = try second.build(remote)
    #expect(report.succeeded)
    #expect(second.ran("upper") == 1)
    #expect(report.warnings.count == 1)
    #expect(report.warnings.first?.contains("is for stage 'read'") == true)
  }

  /// An object whose bytes are not its digest (same size, or truncated) never enters the
  /// local content store, and the stage runs.
  @Test(arguments: ["garbled", "truncated", "extended"])
  func anObjectThatDoesNotMatchItsDigestIsNeverStored(damage: String) throws {
    let (remote, first) = try filledRemote()
    let output = first.outputs["upper"]!.blob("upper")!.digest
    var bytes = remote.objects[output]!
    switch damage {
    case "garbled": bytes = bytes.map { $0 ^ 0x01 }
    case "truncated": bytes.removeLast()
    default: bytes.append(0x0A)
    }
    remote.objects[output] = bytes

    let second = Checkout()
    let report = try second.build(remote)
    #expect(report.succeeded)
    #expect(report.stage("upper")?.status == .ran)
    #expect(report.stage("upper")?.outputDigest == first.stage("upper")?.outputDigest)
    #expect(report.warnings.count == 1)
    #expect(report.warnings.first?.contains("does not match its digest") == true)
    // The local run's upload replaced the damaged copy, whatever HEAD would have said.
    #expect(remote.objects[output] == (try second.cache.content.read(output)))
    // Every object in the local store is what its name says.
    for path in second.cache.objectFilesForTests() where path.contains("/cas/") {
      let name = String(path.split(separator: "/").last!)
      let content = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
      #expect(SHA256.hash(bytes: content).hex == name)
    }
  }

  @Test func aRetriedDownloadKeepsOnlyTheLastAttempt() throws {
    let (remote, first) = try filledRemote()
    remote.restartDownloads = true
    let report = try Checkout().build(remote)
    #expect(report.warnings.isEmpty)
    #expect(report.stage("upper")?.reason == .remoteHit)
    #expect(report.stage("upper")?.outputDigest == first.stage("upper")?.outputDigest)
  }

  @Test func anObjectTheRemoteEvictedIsAMissWithoutWarning() throws {
    let (remote, first) = try filledRemote()
    remote.objects[first.outputs["upper"]!.blob("upper")!.digest] = nil
    let second = Checkout()
    let report = try second.build(remote)
    #expect(report.warnings.isEmpty)
    #expect(report.stage("upper")?.status == .ran)
    #expect(report.stage("read")?.reason == .remoteHit)
  }

  @Test func anUnreachableRemoteIsAskedOnceAndTheBuildCarriesOn() throws {
    let remote = MemoryRemoteCache()
    remote.unreachable = true
    let checkout = Checkout()
    let report = try checkout.build(remote)
    #expect(report.succeeded)
    #expect(report.count(.ran) == 5)
    #expect(remote.calls.count == 1)
    #expect(report.warnings.count == 1)
    #expect(report.warnings.first?.hasPrefix("remote cache memory://remote: GET ac/") == true)
    #expect(report.warnings.first?.contains("not contacted again in this build") == true)
    // The local cache works as before.
    let again = try checkout.build(remote)
    #expect(again.count(.ran) == 1)
  }

  @Test func refusedWritesStopUploadingAfterTheFirst() throws {
    let remote = MemoryRemoteCache()
    remote.refuseWrites = true
    let report = try Checkout().build(remote)
    #expect(report.succeeded)
    #expect(remote.calls("PUT").count == 1)
    #expect(report.warnings.count == 1)
    let warning = report.warnings.first ?? ""
    #expect(warning.hasPrefix("remote cache memory://remote: PUT cas/"))
    #expect(warning.hasSuffix(": 403 Forbidden; nothing more was uploaded in this build"))
  }

  @Test func aReadOnlyRemoteIsReadButNeverWritten() throws {
    let (filled, _) = try filledRemote()
    let readOnly = MemoryRemoteCache(allowsWrites: false)
    readOnly.actions = filled.actions
    readOnly.objects = filled.objects
    let report = try Checkout().build(readOnly)
    #expect(report.stage("count")?.reason == .remoteHit)
    #expect(report.remote?.readOnly == true)
    // A changed input misses, runs, and still writes nothing.
    let changed = try Checkout("other text").build(readOnly)
    #expect(changed.stage("read")?.status == .ran)
    #expect(readOnly.calls("PUT").isEmpty)
    #expect(readOnly.calls("HEAD").isEmpty)
  }

  @Test func buildsWithARemoteAreCountedForCacheStats() throws {
    let (remote, _) = try filledRemote()
    let second = Checkout()
    _ = try second.build(remote)
    _ = try second.build(remote)
    _ = try second.build(nil)  // not counted
    let stats = second.cache.statistics()
    #expect(stats.builds == 2)
    #expect(stats.remoteHits == 3)
    #expect(stats.localHits == 4)
    #expect(stats.remoteMisses == 0)
    #expect(stats.downloadedBytes > 0)
    #expect(stats.uploadedBytes == 0)
    try second.cache.clean()
    #expect(second.cache.statistics() == CacheStatistics())
  }

  @Test func aBlobWriterDiscardsBytesThatAreNotTheExpectedObject() throws {
    let root = TemporaryDirectory("cache")
    let cache = try CacheDirectory(path: root.path)
    let expected = SHA256.hash(string: "right")
    let writer = try cache.content.makeWriter()
    try Array("wrong".utf8).withUnsafeBytes { try writer.write($0) }
    #expect(try writer.commit(expecting: expected, size: 5) == false)
    #expect(!cache.content.contains(expected, size: 5))
    #expect(cache.objectFilesForTests().isEmpty)
    #expect((try? FileManager.default.contentsOfDirectory(atPath: root.url("tmp")))?.isEmpty == true)

    let again = try cache.content.makeWriter()
    try Array("wr".utf8).withUnsafeBytes { try again.write($0) }
    try again.restart()
    try Array("right".utf8).withUnsafeBytes { try again.write($0) }
    #expect(try again.commit(expecting: expected, size: 5))
    #expect(try cache.content.read(expected) == Array("right".utf8))
  }
}
