import Dispatch
import Foundation
import Pipeline
import TestSupport
import Testing

@Suite struct SchedulerAndGraphTests {
  /// Two stages that each wait for the other to start: they finish only if the scheduler
  /// really runs them at the same time.
  @Test func independentStagesRunInParallel() throws {
    let f = EngineFixture()
    let a = DispatchSemaphore(value: 0)
    let b = DispatchSemaphore(value: 0)
    let stages: [any Stage] = [
      TestStage("a", inputs: [.value(name: "n", value: "1")]) { ctx in
        a.signal()
        guard b.wait(timeout: .now() + 10) == .success else {
          throw PipelineError.missingOutput(stage: "a", output: "peer never started")
        }
        ctx.setText("out", "a")
      },
      TestStage("b", inputs: [.value(name: "n", value: "2")]) { ctx in
        b.signal()
        guard a.wait(timeout: .now() + 10) == .success else {
          throw PipelineError.missingOutput(stage: "b", output: "peer never started")
        }
        ctx.setText("out", "b")
      },
    ]
    let report = try f.build(stages, jobs: 2)
    #expect(report.succeeded)
    #expect(Set(report.traceEvents.filter { $0.category == "ran" }.map(\.lane)).count == 2)
  }

  @Test func jobsOneRunsOneAtATime() throws {
    let f = EngineFixture()
    let running = Locked(0)
    let peak = Locked(0)
    let stages: [any Stage] = (0..<6).map { i in
      TestStage("s\(i)", inputs: [.value(name: "i", value: "\(i)")]) { ctx in
        running.update { $0 += 1 }
        peak.update { $0 = max($0, running.get()) }
        usleep(5_000)
        running.update { $0 -= 1 }
        ctx.setText("out", "\(i)")
      }
    }
    _ = try f.build(stages, jobs: 1)
    #expect(peak.get() == 1)
  }

  @Test func cyclesAndUnknownStagesAreRejected() {
    #expect(throws: PipelineError.self) {
      _ = try Graph([concatStage("a", upstream: ["b"]), concatStage("b", upstream: ["a"])])
    }
    #expect(throws: PipelineError.self) { _ = try Graph([concatStage("a", upstream: ["nope"])]) }
    #expect(throws: PipelineError.self) { _ = try Graph([concatStage("a"), concatStage("a")]) }
  }

  @Test func graphRendersMermaidAndDot() throws {
    let graph = try Graph([concatStage("b", upstream: ["a"]), concatStage("a", files: ["in.txt"])])
    #expect(graph.stages.map(\.name) == ["a", "b"])
    #expect(graph.mermaid().contains("a --> b"))
    #expect(graph.dot().contains("\"a\" -> \"b\";"))
    #expect(graph.dot().contains("\"in.txt\" -> \"a\""))
  }

  @Test func traceIsChromeTraceEventJSON() throws {
    let f = EngineFixture()
    f.workspace.write("a.txt", "x")
    let report = try f.build([concatStage("one", files: ["a.txt"]), concatStage("two", upstream: ["one"])])
    let json = try JSONSerialization.jsonObject(with: Data(report.traceJSON())) as? [String: Any]
    let events = try #require(json?["traceEvents"] as? [[String: Any]])
    let complete = events.filter { $0["ph"] as? String == "X" }
    #expect(Set(complete.compactMap { $0["name"] as? String }).isSuperset(of: ["one", "two"]))
    for e in complete {
      #expect(e["ts"] is NSNumber && e["dur"] is NSNumber && e["pid"] is NSNumber && e["tid"] is NSNumber)
    }
  }

  @Test func reportJSONHasTheDocumentedShape() throws {
    let f = EngineFixture()
    f.workspace.write("a.txt", "x")
    let report = try f.build([concatStage("one", files: ["a.txt"])])
    let json =
      try JSONSerialization.jsonObject(with: Data(JSONValue.object(report.jsonObject()).serialized())) as? [String: Any]
    let stages = try #require(json?["stages"] as? [[String: Any]])
    #expect(stages.first?["name"] as? String == "one")
    #expect(stages.first?["status"] as? String == "ran")
    #expect(stages.first?["reason"] as? String == "no cache entry")
    #expect(stages.first?["duration_ms"] is NSNumber)
    #expect(json?["ran"] as? Int == 1 && json?["cached"] as? Int == 0)
  }
}
