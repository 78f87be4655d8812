import Foundation
import Pipeline
import TestSupport
import Testing

/// Two engine features the Python stages need: a cached result whose product lives outside
/// the content store is checked before it is used, and a stage can wait for another
/// without reading it (so its key does not change with the other's output).
@Suite struct ExternalProductsAndOrderingTests {
  struct Failure: Error, CustomStringConvertible {
    var description: String { "gate closed" }
  }

  struct ToolFailure: DetailedError {
    var description: String { "tool failed" }
    var details: String { "line 1\nline 2\n" }
  }

  /// A stage that "builds" a directory in the workspace and outputs its path.
  static func product(_ f: EngineFixture, runs: Locked<Int>) -> TestStage {
    let directory = f.workspace.url("product")
    return TestStage(
      "product", inputs: [.file("in.txt")],
      check: { outputs in
        guard let path = outputs.text("path") else { return "no path" }
        return FileManager.default.fileExists(atPath: path) ? nil : "\(path) is gone"
      },
      body: { ctx in
        runs.update { $0 += 1 }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        ctx.setText("path", directory)
      })
  }

  @Test func aCachedResultWhoseProductIsGoneRunsAgain() throws {
    let f = EngineFixture()
    f.workspace.write("in.txt", "x")
    let runs = Locked(0)
    #expect(try f.build([Self.product(f, runs: runs)]).names(.ran) == ["product"])
    let hit = try f.build([Self.product(f, runs: runs)])
    #expect(hit.names(.cached) == ["product"] && runs.get() == 1)

    f.workspace.remove("product")
    let rebuilt = try f.build([Self.product(f, runs: runs)])
    #expect(rebuilt.names(.ran) == ["product"] && runs.get() == 2)
    guard case .entryUnusable(let why)? = rebuilt.stage("product")?.reason else {
      Issue.record("expected an unusable entry, got \(String(describing: rebuilt.stage("product")?.reason))")
      return
    }
    #expect(why.contains("is gone"))
    #expect(FileManager.default.fileExists(atPath: f.workspace.url("product")))
    #expect(try f.build([Self.product(f, runs: runs)]).names(.cached) == ["product"])
  }

  @Test func anOrderOnlyInputWaitsButStaysOutOfTheKey() throws {
    let f = EngineFixture()
    f.workspace.write("gate.txt", "open")
    f.workspace.write("in.txt", "x")
    let order = Locked<[String]>([])
    func stages() -> [any Stage] {
      [
        TestStage("gate", inputs: [.file("gate.txt")]) { ctx in
          let text = String(decoding: try ctx.readFile("gate.txt"), as: UTF8.self)
          usleep(50_000)
          order.update { $0.append("gate") }
          guard text.hasPrefix("open") else { throw Failure() }
          ctx.setText("out", text)
        },
        TestStage("work", inputs: [.file("in.txt"), .after("gate")]) { ctx in
          order.update { $0.append("work") }
          ctx.setText("out", "done")
        },
      ]
    }
    let first = try f.build(stages(), jobs: 2)
    #expect(first.names(.ran) == ["gate", "work"])
    #expect(order.get() == ["gate", "work"])

    // The gate's output changes: it reruns, the work does not (its key never saw the gate).
    f.workspace.write("gate.txt", "open, differently")
    let second = try f.build(stages(), jobs: 2)
    #expect(second.names(.ran) == ["gate"] && second.names(.cached) == ["work"])

    // A closed gate skips the work, whatever its cache holds.
    f.workspace.write("gate.txt", "closed")
    let third = try f.build(stages(), jobs: 2)
    #expect(third.names(.failed) == ["gate"] && third.names(.skipped) == ["work"])

    // The same work without the gate has the same key, so it is a hit.
    let alone = TestStage("work", inputs: [.file("in.txt")]) { ctx in ctx.setText("out", "done") }
    #expect(try f.build([alone]).names(.cached) == ["work"])
  }

  @Test func aToolsOutputTravelsBesideItsError() throws {
    let f = EngineFixture()
    let stage = TestStage("tool", inputs: [.value(name: "v", value: "1")]) { _ in throw ToolFailure() }
    let report = try f.build([stage])
    #expect(report.stage("tool")?.error == "tool failed")
    #expect(report.stage("tool")?.details == "line 1\nline 2\n")
    let json = JSONValue.object(report.jsonObject()).text
    #expect(json.contains(#""details":"line 1\nline 2\n""#))
  }
}
