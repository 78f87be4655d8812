import Hashing
import Pipeline
import TestSupport

/// A workspace and a cache in temp dirs, and a way to build a graph in them.
final class EngineFixture {
  let workspace = TemporaryDirectory("ws")
  let cacheRoot = TemporaryDirectory("cache")

  var cache: CacheDirectory { try! CacheDirectory(path: cacheRoot.path) }

  func build(_ stages: [any Stage], jobs: Int = 2, cache: CacheDirectory? = nil) throws -> BuildReport {
    let engine = Engine(cache: cache ?? self.cache, workspace: workspace.path)
    return try engine.build(try Graph(stages), jobs: jobs)
  }
}

/// A stage that concatenates its file and upstream inputs, the simplest deterministic work.
func concatStage(_ name: String, files: [String] = [], upstream: [String] = [], version: Int = 1) -> TestStage {
  TestStage(name, version: version, inputs: files.map { .file($0) } + upstream.map { .stage($0) }) { ctx in
    var text = name + ":"
    for f in files { text += String(decoding: try ctx.readFile(f), as: UTF8.self) }
    for u in upstream { text += try ctx.outputs(of: u).text("out") ?? "" }
    ctx.setText("out", text)
  }
}
