import Foundation
import TestSupport
import Testing

/// The guide's YOLOv8 example, through the commands its README gives: register the dataset,
/// train with `synapse plugin run`, test with `synapse plugin test` (twice: the second is a
/// cache hit).
@Suite struct CLIExampleTests {
  let fixture = CLIFixture()
  let store = TemporaryDirectory("store")

  @Test func theYOLOv8ExampleTrainsAndItsTestsPassThenAnswerFromTheCache() throws {
    let plugin = fixture.scratch.url("yolov8")
    try Fixtures.copyTree(Fixtures.packageRoot + "/examples/yolov8", to: plugin)
    let env = ["SYNAPSE_LOCAL_STORE": store.path]
    let register = ProcessRunner.run(
      "python3",
      [
        "-c",
        "from synapse_sdk.plugins.testing import LocalStore; "
          + "LocalStore.from_environ().add_dataset(1, path='datasets/shapes', name='shapes')",
      ], cwd: plugin,
      environment: env.merging(["PYTHONPATH": Fixtures.packageRoot + "/runtime", "PYTHONDONTWRITEBYTECODE": "1"]) {
        $1
      })
    try #require(register.status == 0, "\(register.stderr)")

    let train = fixture.synapse(
      ["plugin", "run", "train", "--mode", "local", "--params", #"{"dataset": 1, "epochs": 5}"#], cwd: plugin,
      environment: env)
    #expect(train.status == 0, "\(train.stderr)")
    let progress = train.stderr.split(separator: "\n").filter { $0.hasPrefix("progress train:") }
    #expect(progress == (1...5).map { "progress train: \($0)/5" })
    #expect(train.stdout.contains("  model_path: " + store.path + "/models/"))
    let mAP = train.stdout.firstMatch(of: #/"mAP50": ([0-9.]+)/#).flatMap { Double($0.1) }
    #expect((mAP ?? 0) > 0.5, "\(train.stdout)")

    let first = fixture.synapse(["plugin", "test"], cwd: plugin, environment: env)
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    let summary = try #require(first.stdout.firstMatch(of: #/(\d+) passed/#)).1
    #expect(Int(summary) ?? 0 >= 20)
    let second = fixture.synapse(["plugin", "test"], cwd: plugin, environment: env)
    #expect(second.status == 0)
    #expect(second.stdout.contains("cached: \(summary) passed"), "\(second.stdout)")
  }
}
