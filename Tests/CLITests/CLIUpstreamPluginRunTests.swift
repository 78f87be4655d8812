import Foundation
import TestSupport
import Testing

/// `synapse plugin run` on plugins written for upstream's `synapse-sdk`: the real binary, the
/// embedded runtime, `runtime/tests/fixtures/upstream_style_plugin` (upstream's module paths
/// and base-class shapes) and, when present, the plugin upstream's `plugin create` made.
@Suite(.serialized) struct CLIUpstreamPluginRunTests {
  let fixture = CLIFixture()
  let store = TemporaryDirectory("store")

  func run(_ plugin: String, _ action: String, _ params: String) -> ProcessResult {
    fixture.synapse(
      ["plugin", "run", action, "--params", params, "--path", plugin, "--json"],
      environment: ["SYNAPSE_LOCAL_STORE": store.path])
  }

  /// The `result` event's value, or nil.
  func result(_ output: ProcessResult) -> [String: Any]? {
    for line in output.stdout.split(separator: "\n") {
      let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      if event?["event"] as? String == "result" { return event?["result"] as? [String: Any] }
    }
    return nil
  }

  /// A copy of the fixture with the requirements.txt upstream's `plugin create` writes.
  func upstreamStylePlugin() throws -> String {
    let plugin = fixture.scratch.url("upstream-style")
    try Fixtures.copyTree(Fixtures.packageRoot + "/runtime/tests/fixtures/upstream_style_plugin", to: plugin)
    fixture.scratch.write("upstream-style/requirements.txt", "synapse-sdk\n")
    return plugin
  }

  @Test func upstreamFormsRunWithoutInstallingUpstreamsSDK() throws {
    let plugin = try upstreamStylePlugin()

    let check = run(plugin, "check", "{}")
    #expect(check.status == 0, "\(check.stderr)")
    #expect(Set(result(check)?.keys.map { $0 } ?? []) == ["python", "gpu"])
    let label = run(plugin, "keyword_label", #"{"plugin": "nn", "version": "1", "text": "a BIG dog"}"#)
    #expect(label.status == 0, "\(label.stderr)")
    let annotations = result(label)?["annotations"] as? [[String: String]]
    #expect(annotations == [["label": "keyword", "text": "BIG"]])
    // synapse-sdk was the only requirement: the runtime provides it, so no environment was made.
    let environments = (try? FileManager.default.contentsOfDirectory(atPath: fixture.cache.url("envs"))) ?? []
    #expect(environments.isEmpty, "\(environments)")
  }

  @Test func plainFunctionsAndBackendWorkflowsFailSayingWhy() throws {
    let plugin = try upstreamStylePlugin()

    let main = run(plugin, "main", "{}")
    #expect(main.status == 1)
    #expect(main.stdout.contains("is not a BaseAction subclass"), "\(main.stdout)")
    let toTask = run(plugin, "to_task", #"{"name": "t", "project": 3, "agent": 4}"#)
    #expect(toTask.status == 1)
    #expect(toTask.stdout.contains("on the backend"), "\(toTask.stdout)")
  }

  @Test(.enabled(if: Fixtures.hasUpstream, "needs ../shared/fixtures/upstream beside the checkout"))
  func upstreamsGeneratedTestActionRunsWithItsResultShape() throws {
    let plugin = fixture.scratch.url("yolov8")
    try Fixtures.copyTree(Fixtures.upstream! + "/pristine/synapse-yolov8-plugin", to: plugin)

    let output = run(plugin, "test", "{}")
    #expect(output.status == 0, "\(output.stderr)")
    #expect(Set(result(output)?.keys.map { $0 } ?? []) == ["python_version", "platform", "cuda_available"])
  }
}
