import Foundation
import Pipeline
import Stages
import TestSupport
import Testing

@Suite struct IncrementalArchiveTests {
  func build(_ path: String, cache: String) throws -> (BuildReport, PluginBuild.Artifact) {
    let build = PluginBuild(location: try PluginLocation.resolve(path: path, config: nil), sourceDateEpoch: nil)
    let (report, artifact) = try build.run(cache: try CacheDirectory(path: cache), jobs: 2)
    return (report, try #require(artifact, "\(report.stages.compactMap(\.error))"))
  }

  /// After each random edit, the archive rebuilt from the previous one equals, byte for
  /// byte, the archive a clean cache writes from scratch.
  @Test(arguments: 0..<6 as Range<UInt64>)
  func splicedArchiveEqualsCleanArchive(seed: UInt64) throws {
    var rng = SeededRandom(seed: seed &+ 1000)
    let dir = TemporaryDirectory("incr")
    MinimalPlugin.write(in: dir)
    var files: [String] = []
    for i in 0..<40 {
      let path = ["plugin/m\(i).py", "data/d\(i).bin", "wheels/w\(i).whl", "docs/é\(i).md"][i % 4]
      dir.write(
        path, bytes: (0..<Int.random(in: 0...3000, using: &rng)).map { _ in UInt8.random(in: 97...106, using: &rng) })
      files.append(path)
    }
    let cache = TemporaryDirectory("incr-cache")
    _ = try build(dir.path, cache: cache.path)
    var reusedSomething = false
    for step in 0..<10 {
      switch Int.random(in: 0..<5, using: &rng) {
      case 0:
        let path = "plugin/new\(step).py"
        dir.write(path, String(repeating: "x", count: Int.random(in: 1...500, using: &rng)))
        files.append(path)
      case 1:
        if files.count > 1, let i = files.indices.randomElement(using: &rng) { dir.remove(files.remove(at: i)) }
      case 2:
        if let path = files.randomElement(using: &rng) {
          chmod(dir.url(path), Bool.random(using: &rng) ? 0o755 : 0o644)
        }
      default:
        if let path = files.randomElement(using: &rng) {
          dir.write(path, "edited \(step) \(UInt64.random(in: 0...UInt64.max, using: &rng))")
        }
      }
      let (report, incremental) = try build(dir.path, cache: cache.path)
      let (_, clean) = try build(dir.path, cache: TemporaryDirectory("clean").path)
      #expect(incremental.checksum == clean.checksum, "seed \(seed) step \(step)")
      #expect(
        FileManager.default.contents(atPath: incremental.archivePath)
          == FileManager.default.contents(atPath: clean.archivePath))
      if report.stage("archive")?.status == .ran, let reused = report.outputs["archive"]?.text("reused"),
        Int(reused) ?? 0 > 0
      {
        reusedSomething = true
      }
    }
    #expect(reusedSomething, "seed \(seed): no build reused a previous entry")
  }

  @Test func anotherTimestampIsWrittenFromScratch() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    dir.write("a.txt", "a")
    let cache = TemporaryDirectory("c")
    _ = try build(dir.path, cache: cache.path)
    let dated = PluginBuild(
      location: try PluginLocation.resolve(path: dir.path, config: nil), sourceDateEpoch: "1700000000")
    let (report, _) = try dated.run(cache: try CacheDirectory(path: cache.path), jobs: 1)
    #expect(report.outputs["archive"]?.text("reused") == "0")
  }
}
