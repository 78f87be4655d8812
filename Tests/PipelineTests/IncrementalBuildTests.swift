import Foundation
import Hashing
import Pipeline
import TestSupport
import Testing

@Suite struct IncrementalBuildTests {
  @Test func nullBuildRunsZeroStages() throws {
    let f = EngineFixture()
    f.workspace.write("a.txt", "alpha")
    f.workspace.write("b.txt", "beta")
    let stages: [any Stage] = [
      concatStage("one", files: ["a.txt"]),
      concatStage("two", files: ["b.txt"], upstream: ["one"]),
      concatStage("three", upstream: ["two"]),
    ]
    let first = try f.build(stages)
    #expect(first.names(.ran) == ["one", "two", "three"])
    let second = try f.build(stages)
    #expect(second.count(.ran) == 0)
    #expect(second.count(.cached) == 3)
    #expect(second.stages.allSatisfy { $0.reason == .cacheHit })
  }

  @Test func editingOneFileRerunsExactlyItsDownstream() throws {
    let f = EngineFixture()
    f.workspace.write("a.txt", "alpha")
    f.workspace.write("b.txt", "beta")
    let stages: [any Stage] = [
      concatStage("left", files: ["a.txt"]),
      concatStage("right", files: ["b.txt"]),
      concatStage("join", upstream: ["left", "right"]),
      concatStage("tail", upstream: ["join"]),
      concatStage("side", upstream: ["right"]),
    ]
    _ = try f.build(stages)
    f.workspace.write("a.txt", "ALPHA")
    let report = try f.build(stages)
    #expect(report.names(.ran) == ["left", "join", "tail"])
    #expect(report.names(.cached) == ["right", "side"])
    #expect(report.stage("left")?.reason == .changed([.file("a.txt")]))
    #expect(report.stage("join")?.reason == .changed([.upstream("left")]))
    #expect(report.outputs["tail"]?.text("out") == "tail:join:left:ALPHAright:beta")
  }

  @Test func earlyCutoffStopsAtUnchangedOutput() throws {
    let f = EngineFixture()
    f.workspace.write("n.txt", "4")
    let runs = Locked(0)
    let stages: [any Stage] = [
      // Parity of a number: changing 4 to 6 reruns this stage but yields the same output.
      TestStage("parity", inputs: [.file("n.txt")]) { ctx in
        let n = Int(String(decoding: try ctx.readFile("n.txt"), as: UTF8.self)) ?? 0
        ctx.setText("out", n % 2 == 0 ? "even" : "odd")
      },
      TestStage("expensive", inputs: [.stage("parity")]) { ctx in
        runs.update { $0 += 1 }
        ctx.setText("out", "saw " + (try ctx.outputs(of: "parity").text("out") ?? ""))
      },
    ]
    _ = try f.build(stages)
    f.workspace.write("n.txt", "6")
    let report = try f.build(stages)
    #expect(report.names(.ran) == ["parity"])
    #expect(report.names(.cached) == ["expensive"])
    #expect(runs.get() == 1)
    f.workspace.write("n.txt", "7")
    let third = try f.build(stages)
    #expect(third.names(.ran) == ["parity", "expensive"])
    #expect(third.outputs["expensive"]?.text("out") == "saw odd")
  }

  @Test func touchWithoutContentChangeRunsNothing() throws {
    let f = EngineFixture()
    let path = f.workspace.write("a.txt", "same")
    let stages: [any Stage] = [concatStage("one", files: ["a.txt"])]
    _ = try f.build(stages)
    var times = [timespec(tv_sec: 2_000_000_000, tv_nsec: 0), timespec(tv_sec: 2_000_000_000, tv_nsec: 0)]
    utimensat(AT_FDCWD, path, &times, 0)
    let report = try f.build(stages)
    #expect(report.count(.ran) == 0)
  }

  @Test func valueAndVersionChangesAreExplained() throws {
    let f = EngineFixture()
    func stages(_ value: String, version: Int = 1) -> [any Stage] {
      [
        TestStage("v", version: version, inputs: [.value(name: "mode", value: value)]) { ctx in
          ctx.setText("out", ctx.value("mode") ?? "")
        }
      ]
    }
    let first = try f.build(stages("a"))
    #expect(first.stage("v")?.reason == .neverBuilt)
    let second = try f.build(stages("b"))
    #expect(second.stage("v")?.reason == .changed([.value("mode")]))
    let third = try f.build(stages("b", version: 2))
    #expect(third.stage("v")?.reason == .changed([.stageVersion(from: 1, to: 2)]))
    // Returning to an earlier input set is a cache hit, not a rerun.
    let back = try f.build(stages("a"))
    #expect(back.names(.cached) == ["v"])
  }

  @Test func secretValuesNeverReachTheCacheOrReports() throws {
    let f = EngineFixture()
    let token = "tok-\(UInt64.random(in: 1...UInt64.max))"
    let stages: [any Stage] = [
      TestStage("s", inputs: [.secret(name: "token", value: token)]) { ctx in ctx.setText("out", "ok") }
    ]
    let report = try f.build(stages)
    #expect(report.stage("s")?.status == .ran)
    let everything = try allFileContents(f.cacheRoot.path)
    #expect(!everything.contains(token))
    #expect(!String(decoding: report.traceJSON(), as: UTF8.self).contains(token))
  }

  @Test func treeInputNamesChangedFiles() throws {
    let f = EngineFixture()
    f.workspace.write("src/a.py", "a")
    f.workspace.write("src/b.py", "b")
    let stages: [any Stage] = [
      TestStage("t", inputs: [.tree(name: "src", root: "src", filter: IncludeAll())]) { ctx in
        ctx.setText("out", ctx.tree("src")?.entries.map(\.path).joined(separator: ",") ?? "")
      }
    ]
    _ = try f.build(stages)
    f.workspace.write("src/a.py", "A")
    f.workspace.write("src/c.py", "c")
    f.workspace.remove("src/b.py")
    let report = try f.build(stages)
    #expect(
      report.stage("t")?.reason
        == .changed([.tree(name: "src", added: ["c.py"], removed: ["b.py"], modified: ["a.py"])]))
    #expect(report.outputs["t"]?.text("out") == "a.py,c.py")
  }

  @Test func failureSkipsDependentsAndIsNotCached() throws {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    let f = EngineFixture()
    f.workspace.write("a.txt", "x")
    let fail = Locked(true)
    let stages: [any Stage] = [
      TestStage("bad", inputs: [.file("a.txt")]) { ctx in
        if fail.get() { throw Boom() }
        ctx.setText("out", "fine")
      },
      concatStage("after", upstream: ["bad"]),
      concatStage("independent", files: ["a.txt"]),
    ]
    let report = try f.build(stages)
    #expect(report.stage("bad")?.status == .failed)
    #expect(report.stage("bad")?.error == "boom")
    #expect(report.stage("after")?.status == .skipped)
    #expect(report.stage("after")?.reason == .upstreamFailed("bad"))
    #expect(report.stage("independent")?.status == .ran)
    #expect(!report.succeeded)
    fail.set(false)
    let again = try f.build(stages)
    #expect(again.names(.ran) == ["bad", "after"])
  }

  @Test func uncacheableStagesAlwaysRun() throws {
    let f = EngineFixture()
    let stages: [any Stage] = [
      TestStage("upload", inputs: [.value(name: "x", value: "1")], cacheable: false) { ctx in ctx.setText("out", "sent")
      }
    ]
    _ = try f.build(stages)
    let report = try f.build(stages)
    #expect(report.names(.ran) == ["upload"])
    #expect(report.stage("upload")?.reason == .notCacheable)
  }
}

/// Every byte under a directory, as text, for "never stored" checks.
func allFileContents(_ root: String) throws -> String {
  var out = ""
  let fm = FileManager.default
  for case let rel as String in fm.enumerator(atPath: root) ?? NSEnumerator() {
    if let data = fm.contents(atPath: root + "/" + rel) { out += String(decoding: data, as: UTF8.self) }
  }
  return out
}
