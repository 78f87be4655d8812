import Archive
import Foundation
import Hashing
import TestSupport
import Testing

@Suite struct CLIBuildTests {
  @Test func buildThenNullBuild() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let first = f.synapse(["build", "-p", plugin])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("Hello Greeter 0.1.0 (hello-greeter)"))
    #expect(first.stdout.contains("7 stages: 7 ran, 0 cached"))
    let (second, json) = try f.buildJSON(plugin)
    #expect(second.status == 0)
    #expect(json["ran"] as? Int == 0 && json["cached"] as? Int == 7)
    #expect(json.stageStatuses == ["config": "cached", "files": "cached", "discover": "cached", "schema": "cached", "validate": "cached", "archive": "cached", "checksum": "cached"])
    let path = try #require(json.archive["path"] as? String)
    let bytes = try #require(FileManager.default.contents(atPath: path))
    #expect(SHA256.hash(bytes: Array(bytes)).hex == json.archive["sha256"] as? String)
    #expect(json.archive["files"] as? Int == 6)
    let md5 = ProcessRunner.run("md5sum", [path]).stdout.prefix(32)
    #expect(String(md5) == json.archive["md5"] as? String)
  }

  @Test func explainNamesTheChangedFile() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    f.synapse(["build", "-p", plugin])
    try "# Changed\n".write(toFile: plugin + "/README.md", atomically: true, encoding: .utf8)
    let r = f.synapse(["build", "-p", plugin, "--explain"])
    #expect(r.status == 0)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.hasPrefix("cached  config") && $0.hasSuffix("cache hit") })
    #expect(lines.contains { $0.hasPrefix("ran     files") && $0.hasSuffix("README.md modified") })
    // Discovery reruns on the new manifest, finds the same actions, and validation is cut off.
    #expect(lines.contains { $0.hasPrefix("ran     discover") && $0.hasSuffix("output of 'files' changed") })
    #expect(lines.contains { $0.hasPrefix("cached  validate") })
    #expect(lines.contains { $0.hasPrefix("ran     archive") && $0.hasSuffix("output of 'files' changed") })
  }

  @Test func traceFileOpensAsChromeTrace() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let trace = f.scratch.url("trace.json")
    #expect(f.synapse(["build", "-p", plugin, "--trace", trace]).status == 0)
    let object =
      try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: trace))) as? [String: Any]
    let events = try #require(object?["traceEvents"] as? [[String: Any]])
    #expect(
      Set(events.compactMap { $0["name"] as? String }).isSuperset(of: ["config", "files", "discover", "schema", "validate", "archive", "checksum"]))
  }

  @Test func outputCopiesTheArchive() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    f.scratch.mkdir("dist")
    let (r, json) = try f.buildJSON(plugin, ["-o", f.scratch.url("dist")])
    #expect(r.status == 0)
    let copied = f.scratch.url("dist/hello-greeter-0.1.0.zip")
    #expect(json.archive["copied_to"] as? String == copied)
    let bytes = try #require(FileManager.default.contents(atPath: copied))
    #expect(SHA256.hash(bytes: Array(bytes)).hex == json.archive["sha256"] as? String)
  }

  @Test func byteIdenticalAcrossCheckoutsAndCaches() throws {
    let a = CLIFixture()
    let b = CLIFixture()
    let (_, one) = try a.buildJSON(try a.examplePlugin("first"))
    let (_, two) = try b.buildJSON(try b.examplePlugin("second/nested"))
    #expect(one.archive["sha256"] as? String != nil)
    #expect(one.archive["sha256"] as? String == two.archive["sha256"] as? String)
  }

  @Test func twoConcurrentProcessesShareOneCache() throws {
    let f = CLIFixture()
    let plugins = [try f.examplePlugin("a"), try f.examplePlugin("b"), try f.examplePlugin("a-again")]
    let results = Locked<[ProcessResult]>([])
    DispatchQueue.concurrentPerform(iterations: 6) { i in
      let r = f.synapse(["build", "-p", plugins[i % 3], "--json"])
      results.update { $0.append(r) }
    }
    let all = results.get()
    #expect(all.count == 6)
    #expect(all.allSatisfy { $0.status == 0 }, "\(all.map(\.stderr))")
    let sums = Set(
      all.compactMap {
        (try? JSONSerialization.jsonObject(with: Data($0.stdout.utf8)) as? [String: Any])?.archive["sha256"] as? String
      })
    #expect(sums.count == 1)
  }
}
