import Discovery
import Testing

@Suite struct ModuleOrderTests {
  @Test func moduleNamesFollowUpstream() {
    #expect(ActionDiscovery.moduleName(forPath: "plugin/train.py") == "plugin.train")
    #expect(ActionDiscovery.moduleName(forPath: "./plugin/__init__.py") == "plugin")
    #expect(ActionDiscovery.moduleName(forPath: "a/b/c.py") == "a.b.c")
    #expect(ActionDiscovery.moduleName(forPath: "__init__.py") == nil)
  }

  /// Classes come in the order Python's `ast.walk` meets them: breadth first, so a class inside
  /// a `try` block comes after every plain module-level class.
  @Test func classesInBlocksComeAfterPlainOnes() {
    let result = DiscoveryTestSupport.discover([
      (
        "plugin/order.py",
        """
        from synapse_sdk.plugins import *

        try:
            class LateAction(BaseAction):
                def execute(self): ...
        except ImportError:
            pass

        class EarlyAction(BaseAction):
            def execute(self): ...

        class MiddleAction(BaseAction):
            def execute(self): ...
        """
      ),
      (
        "__init__.py",
        "from synapse_sdk.plugins import BaseAction\nclass RootAction(BaseAction):\n    def execute(self): ...\n"
      ),
      (
        "main.py",
        "from synapse_sdk.plugins import BaseAction\nclass TopAction(BaseAction):\n    def execute(self): ...\n"
      ),
    ])
    #expect(
      result.actions.map(\.entrypoint) == [
        "plugin.order.EarlyAction", "plugin.order.MiddleAction", "plugin.order.LateAction", "main.TopAction",
      ])
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
  }
}
