import Foundation
import Hashing
import Pipeline
import TestSupport
import Testing

@Suite struct CacheRobustnessTests {
  static func blobStages() -> [any Stage] {
    [
      TestStage("make", inputs: [.file("in.txt")]) { ctx in
        try ctx.setBlob("data", Array(repeating: 7, count: 10_000) + (try ctx.readFile("in.txt")))
      },
      TestStage("use", inputs: [.stage("make")]) { ctx in
        var n = 0
        try ctx.streamBlob("make", "data") { n += $0.count }
        ctx.setText("out", String(n))
      },
    ]
  }

  @Test func truncatedActionEntryIsDetectedAndRebuilt() throws {
    let f = EngineFixture()
    f.workspace.write("in.txt", "x")
    let first = try f.build(Self.blobStages())
    let keyHex = try #require(first.stage("make")?.key)
    let key = try #require(Digest(hex: keyHex))
    let entry = f.cache.actionCache.path(for: key)
    let bytes = f.cacheRootBytes(entry)
    try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: entry))
    let second = try f.build(Self.blobStages())
    #expect(second.stage("make")?.status == .ran)
    guard case .entryUnusable(let why)? = second.stage("make")?.reason else {
      Issue.record("expected an unusable-entry reason, got \(String(describing: second.stage("make")?.reason))")
      return
    }
    #expect(why.contains("corrupt"))
    #expect(second.outputs["use"] == first.outputs["use"])
    #expect(try f.build(Self.blobStages()).count(.ran) == 0)
  }

  /// Builds the blob stages once and returns the content-store object they produced, made
  /// writable so a test can damage it.
  static func builtBlob(_ f: EngineFixture) throws -> (digest: Digest, size: Int, path: String) {
    f.workspace.write("in.txt", "x")
    let first = try f.build(blobStages())
    let blob = try #require(first.outputs["make"]?.blob("data"))
    let path = f.cache.content.path(for: blob.digest)
    chmod(path, 0o644)
    return (blob.digest, blob.size, path)
  }

  @Test func truncatedBlobIsAMissNotAResult() throws {
    let f = EngineFixture()
    let blob = try Self.builtBlob(f)
    let path = blob.path
    try Data(Array(repeating: 7, count: 100)).write(to: URL(fileURLWithPath: path))
    let second = try f.build(Self.blobStages())
    #expect(second.stage("make")?.status == .ran)
    #expect(second.outputs["use"]?.text("out") == "10001")
    #expect(f.cache.content.contains(blob.digest, size: blob.size))
  }

  @Test func sameSizeCorruptionIsCaughtOnRead() throws {
    let f = EngineFixture()
    let blob = try Self.builtBlob(f)
    let path = blob.path
    var bytes = Array(repeating: UInt8(7), count: 10_000) + Array("y".utf8)
    bytes[0] = 8
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(throws: PipelineError.self) { try f.cache.content.read(blob.digest) }
    // A same-size change passes the cheap existence check on a hit, so every reader that
    // consumes the bytes verifies them: the stream fails instead of passing bad bytes on.
    var failed = false
    do {
      try f.cache.content.stream(blob.digest) { _ in }
    } catch PipelineError.corruptContent {
      failed = true
    }
    #expect(failed)
  }

  @Test func unwritableCacheDirectoryIsAClearError() throws {
    let dir = TemporaryDirectory()
    dir.write("file", "not a directory")
    #expect {
      _ = try CacheDirectory(path: dir.url("file/cache"))
    } throws: { error in
      "\(error)".contains(dir.url("file/cache")) && "\(error)".contains("SYNAPSE_CACHE_DIR")
    }
  }

  @Test func concurrentBuildsShareOneCache() throws {
    let cacheRoot = TemporaryDirectory("shared-cache")
    let workspaces = (0..<4).map { _ in TemporaryDirectory("ws") }
    for (i, ws) in workspaces.enumerated() {
      ws.write("in.txt", i % 2 == 0 ? "same" : "other-\(i)")
    }
    let results = Locked<[Int: String]>([:])
    let errors = Locked<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 8) { i in
      do {
        let cache = try CacheDirectory(path: cacheRoot.path)
        let ws = workspaces[i % 4]
        let report = try Engine(cache: cache, workspace: ws.path).build(try Graph(Self.blobStages()), jobs: 2)
        guard report.succeeded else { throw PipelineError.missingOutput(stage: "x", output: "y") }
        results.update { $0[i] = report.outputs["use"]?.text("out") }
      } catch {
        errors.update { $0.append("\(error)") }
      }
    }
    #expect(errors.get().isEmpty)
    #expect(results.get().count == 8)
    #expect(results.get()[0] == "10004")
  }

  @Test func pruneRemovesLeastRecentlyUsedFirst() throws {
    let f = EngineFixture()
    let cache = f.cache
    let old = try cache.content.store(Array(repeating: 1, count: 4000))
    let recent = try cache.content.store(Array(repeating: 2, count: 4000))
    var past = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
    utimensat(AT_FDCWD, cache.content.path(for: old), &past, 0)
    let result = cache.prune(toAtMost: 5000)
    #expect(result.removedFiles == 1)
    #expect(!cache.content.contains(old, size: 4000))
    #expect(cache.content.contains(recent, size: 4000))
    #expect(result.remainingBytes <= 5000)
  }

  @Test func pruneIfOverLimitKeepsTheCacheBounded() throws {
    let root = TemporaryDirectory("bounded")
    let cache = try CacheDirectory(path: root.path, maxBytes: 50_000)
    for i in 0..<20 { try cache.content.store(Array(repeating: UInt8(i), count: 10_000)) }
    #expect(cache.usage().totalBytes == 200_000)
    let result = try #require(cache.pruneIfOverLimit())
    #expect(result.remainingBytes <= 45_000)
    #expect(cache.usage().totalBytes <= 50_000)
  }
}

extension EngineFixture {
  func cacheRootBytes(_ path: String) -> [UInt8] {
    (try? Array(Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
  }
}

@Suite struct PruneProtectionTests {
  /// The build that triggers a prune keeps everything it used, however old its mtime.
  @Test func aBuildNeverPrunesWhatItUsed() throws {
    let root = TemporaryDirectory("protect")
    let workspace = TemporaryDirectory("ws")
    workspace.write("in.txt", "x")
    let cache = try CacheDirectory(path: root.path, maxBytes: 30_000)
    let stages = CacheRobustnessTests.blobStages()
    _ = try Engine(cache: cache, workspace: workspace.path).build(try Graph(stages), jobs: 1)
    // Age every entry, then add unrelated newer objects that push the cache over its bound.
    for file in cache.objectFilesForTests() {
      var past = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
      utimensat(AT_FDCWD, file, &past, 0)
    }
    for i in 0..<3 { try cache.content.store(Array(repeating: UInt8(i), count: 10_000)) }
    // Stored behind the engine's back: drop the size estimate so the next build measures.
    unlink(root.url("size-estimate"))
    workspace.write("other.txt", "y")
    let extra = TestStage("extra", inputs: [.file("other.txt")]) { ctx in ctx.setText("out", "e") }
    let report = try Engine(cache: cache, workspace: workspace.path).build(try Graph(stages + [extra]), jobs: 1)
    #expect(report.names(.cached) == ["make", "use"])
    #expect(cache.usage().totalBytes <= 30_000)
    let again = try Engine(cache: cache, workspace: workspace.path).build(try Graph(stages + [extra]), jobs: 1)
    #expect(again.count(.ran) == 0)
  }
}

@Suite struct CacheSizeEstimateTests {
  /// Builds grow an estimate instead of walking the cache; the walk and the prune happen
  /// once the estimate passes the bound.
  @Test func growthPastTheBoundPrunes() throws {
    let root = TemporaryDirectory("estimate")
    let workspace = TemporaryDirectory("ws")
    let cache = try CacheDirectory(path: root.path, maxBytes: 100_000)
    var ran = 0
    for i in 0..<12 {
      workspace.write("in.txt", "run \(i)")
      let stages: [any Stage] = [
        TestStage("big", inputs: [.file("in.txt")]) { ctx in
          try ctx.setBlob("data", Array(repeating: UInt8(i), count: 20_000) + (try ctx.readFile("in.txt")))
        }
      ]
      ran += try Engine(cache: cache, workspace: workspace.path).build(try Graph(stages), jobs: 1).count(.ran)
      #expect(cache.usage().totalBytes <= 130_000, "run \(i): the cache outgrew its bound by more than one build")
    }
    #expect(ran == 12)
    #expect(cache.usage().contentObjects < 12)
  }
}

@Suite struct BookkeepingFailureTests {
  @Test func failingToSaveTheStatCacheIsAWarningNotAFailure() throws {
    let f = EngineFixture()
    f.workspace.write("a.txt", "one")
    let stages: [any Stage] = [concatStage("s", files: ["a.txt"])]
    _ = try f.build(stages)
    let workspaces = f.cacheRoot.url("workspaces")
    let id = try #require(try FileManager.default.contentsOfDirectory(atPath: workspaces).first)
    let stat = "\(workspaces)/\(id)/stat"
    try FileManager.default.removeItem(atPath: stat)
    try FileManager.default.createDirectory(atPath: stat + "/blocker", withIntermediateDirectories: true)
    f.workspace.write("a.txt", "two")
    let report = try f.build(stages)
    #expect(report.succeeded)
    #expect(report.outputs["s"]?.text("out") == "s:two")
    #expect(report.warnings.count == 1)
    #expect(report.warnings.first?.contains(stat) == true)
  }
}
