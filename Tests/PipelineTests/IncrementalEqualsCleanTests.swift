import Pipeline
import TestSupport
import Testing

/// The build-systems definition of correctness: after any sequence of edits, an incremental
/// build gives exactly what a clean build gives, and it runs only stages whose key is new.
@Suite struct IncrementalEqualsCleanTests {
  /// A random DAG over a few source files. Each stage folds its inputs into a small number
  /// (mod 5), so equal outputs from different inputs are common and early cutoff is
  /// exercised, not just plain invalidation.
  static func randomGraph(_ rng: inout SeededRandom, files: [String]) -> [any Stage] {
    let count = Int.random(in: 3...10, using: &rng)
    var stages: [any Stage] = []
    for i in 0..<count {
      let fileInputs = files.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
      let upstream = (0..<i).filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }.map { "s\($0)" }
      let useTree = Int.random(in: 0..<4, using: &rng) == 0
      var inputs: [StageInput] = fileInputs.map { .file($0) } + upstream.map { .stage($0) }
      if useTree { inputs.append(.tree(name: "dir", root: "dir", filter: IncludeAll())) }
      let modulus = Int.random(in: 2...5, using: &rng)
      stages.append(
        TestStage("s\(i)", inputs: inputs) { ctx in
          var sum = 0
          for f in fileInputs { sum += try ctx.readFile(f).reduce(0) { $0 + Int($1) } }
          for u in upstream { sum += Int(try ctx.outputs(of: u).text("out") ?? "0") ?? 0 }
          if useTree, let tree = ctx.tree("dir") {
            for e in tree.entries { sum += e.size + e.path.utf8.count }
          }
          ctx.setText("out", String(sum % modulus))
        })
    }
    return stages
  }

  @Test(arguments: 0..<12 as Range<UInt64>)
  func incrementalEqualsClean(seed: UInt64) throws {
    var rng = SeededRandom(seed: seed &* 7919 &+ 17)
    let f = EngineFixture()
    let files = ["f0", "f1", "f2", "f3"]
    for name in files { f.workspace.write(name, String(Int.random(in: 0..<100, using: &rng))) }
    f.workspace.write("dir/x", "1")
    let stages = Self.randomGraph(&rng, files: files)
    var seenKeys = Set<String>()
    var previous = try f.build(stages)
    seenKeys.formUnion(previous.stages.compactMap(\.key))

    for step in 0..<8 {
      // Edit: new content (often same size, written right after a build: racily clean),
      // same content rewritten, or the tree gaining/losing a file.
      switch Int.random(in: 0..<4, using: &rng) {
      case 0, 1:
        let name = files.randomElement(using: &rng)!
        f.workspace.write(name, String(Int.random(in: 0..<100, using: &rng)))
      case 2:
        let name = files.randomElement(using: &rng)!
        f.workspace.write(name, String(decoding: f.workspace.read(name), as: UTF8.self))
      default:
        if Bool.random(using: &rng) { f.workspace.write("dir/y\(step)", "z") } else { f.workspace.remove("dir/x") }
      }
      let incremental = try f.build(stages)
      let clean = try f.build(stages, cache: try CacheDirectory(path: TemporaryDirectory("clean").path))
      for stage in stages {
        #expect(
          incremental.outputs[stage.name] == clean.outputs[stage.name],
          "seed \(seed) step \(step): \(stage.name) differs from a clean build")
      }
      // Minimality: a stage runs if and only if its key was never built before.
      for report in incremental.stages {
        let key = try #require(report.key)
        #expect(
          (report.status == .ran) == !seenKeys.contains(key),
          "seed \(seed) step \(step): \(report.name) \(report.status)")
      }
      seenKeys.formUnion(incremental.stages.compactMap(\.key))
      let null = try f.build(stages)
      #expect(null.count(.ran) == 0, "seed \(seed) step \(step): null build ran \(null.names(.ran))")
      previous = incremental
    }
    _ = previous
  }
}
