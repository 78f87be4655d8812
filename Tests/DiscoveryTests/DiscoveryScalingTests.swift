@testable import Discovery
import PythonSource
import Testing

/// Discovery must stay linear in the source size: thousands of abstract actions, or one class
/// with thousands of bases, once took minutes. Work is counted, not timed.
@Suite struct DiscoveryScalingTests {
  static let header = "from synapse_sdk.plugins.actions import BaseAction\n"

  func work(_ source: String) -> (DiscoveryResult, Int) {
    ActionDiscovery.discoverCountingWork(modules: [("plugin/main.py", PythonModuleSummary.scan(Array(source.utf8)))])
  }

  /// Classes deriving from BaseAction without `execute` (abstract, so each asks whether a
  /// plugin class derives from it).
  func abstractActions(_ count: Int) -> String {
    Self.header + (0..<count).map { "class A\($0)(BaseAction):\n    pass\n" }.joined()
  }

  func wideClass(_ bases: Int) -> String {
    Self.header + (0..<bases).map { "class Base\($0)(BaseAction):\n    pass\n" }.joined()
      + "class Wide(" + (0..<bases).map { "Base\($0)" }.joined(separator: ", ") + "):\n    def execute(self):\n        pass\n"
  }

  @Test func abstractActionsCostWorkLinearInTheirNumber() {
    let (small, smallWork) = work(abstractActions(1_500))
    let (large, largeWork) = work(abstractActions(3_000))
    // Every class is abstract, so none is an action and each gets its warning.
    #expect(small.actions.isEmpty && large.actions.isEmpty)
    #expect(large.diagnostics.filter { $0.message.contains("is abstract") }.count == 3_000)
    #expect(largeWork <= smallWork * 21 / 10, "work \(smallWork) → \(largeWork) for twice the classes")
    #expect(largeWork < 3_000 * 40)
  }

  @Test func aClassWithThousandsOfBasesCostsWorkLinearInThem() {
    let (small, smallWork) = work(wideClass(1_500))
    let (large, largeWork) = work(wideClass(3_000))
    #expect(small.actions.map(\.className) == ["Wide"])
    #expect(large.actions.map(\.className) == ["Wide"])
    #expect(largeWork <= smallWork * 21 / 10, "work \(smallWork) → \(largeWork) for twice the bases")
  }

  @Test func mergeKeepsPythonsOrder() {
    // class O; class A(O); class B(O); class C(A, B) → C, A, B, O (the diamond).
    let o = ClassNode.sdk("O")
    let a = ClassNode.sdk("A")
    let b = ClassNode.sdk("B")
    let merge = C3Merge([[a, o], [b, o], [a, b]])
    #expect(merge.merged == [a, b, o])
    #expect(merge.remaining.isEmpty)
    // X(A, B) and Y(B, A) cannot share a subclass.
    let x = ClassNode.sdk("X")
    let y = ClassNode.sdk("Y")
    let conflict = C3Merge([[x, a, b], [y, b, a], [x, y]])
    #expect(conflict.merged == [x, y])
    #expect(!conflict.remaining.isEmpty)
  }
}
