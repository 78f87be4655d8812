import Foundation
import TestSupport
import Testing

@Suite struct CLICacheTests {
  @Test func statsPruneClean() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    #expect(f.synapse(["build", "-p", plugin]).status == 0)
    let stats = f.synapse(["cache", "stats", "--json"])
    #expect(stats.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
    #expect(object?["action_entries"] as? Int == 7)
    #expect((object?["content_bytes"] as? Int ?? 0) > 0)
    #expect(object?["path"] as? String == f.cache.path)
    let prune = f.synapse(["cache", "prune", "--max-size", "0"])
    #expect(prune.status == 0)
    #expect(prune.stdout.contains("0 B remain"))
    let rebuilt = try f.buildJSON(plugin).1
    #expect(rebuilt["ran"] as? Int == 7)
    #expect(f.synapse(["cache", "clean"]).status == 0)
    let after =
      try JSONSerialization.jsonObject(with: Data(f.synapse(["cache", "stats", "--json"]).stdout.utf8))
      as? [String: Any]
    #expect(after?["total_bytes"] as? Int == 0)
    #expect(f.synapse(["cache", "prune", "--max-size", "lots"]).status == 2)
  }

  @Test func failedBuildDamagesNothing() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let (_, good) = try f.buildJSON(plugin)
    let original = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    try "name: [".write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let (failed, json) = try f.buildJSON(plugin)
    #expect(failed.status == 1)
    #expect(json.stageStatuses["archive"] == "skipped")
    try original.write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let (_, again) = try f.buildJSON(plugin)
    #expect(again["ran"] as? Int == 0)
    #expect(again.archive["sha256"] as? String == good.archive["sha256"] as? String)
  }
}
