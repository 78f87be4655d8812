import Discovery
import PythonSource
import Testing

@Suite struct InheritanceTests {
  typealias Support = DiscoveryTestSupport

  @Test func actionsThroughThePluginsOwnBaseClasses() {
    let result = Support.discover([
      (
        "plugin/__init__.py",
        """
        from .base import PluginBase as ReExportedBase
        """
      ),
      (
        "plugin/base.py",
        """
        from abc import abstractmethod
        from pydantic import BaseModel
        from synapse_sdk.plugins import BaseAction
        from synapse_sdk.plugins.types import YOLODataset

        class SharedParams(BaseModel):
            size: int = 3

        class PluginBase(BaseAction[SharedParams]):
            input_type = YOLODataset
            action_name = None

            @abstractmethod
            def prepare(self): ...
        """
      ),
      (
        "plugin/tasks/hello.py",
        """
        from ..base import PluginBase
        from plugin import ReExportedBase
        import plugin.base as base_module

        class HelloAction(PluginBase):
            def prepare(self): ...
            def execute(self): ...

        class GoodbyeAction(ReExportedBase):
            action_name = 'bye'
            def prepare(self): ...
            def execute(self): ...

        class AgainAction(base_module.PluginBase):
            prepare = None
            def execute(self): ...

        class StillAbstractBase(base_module.PluginBase):
            def execute(self): ...
        """
      ),
    ])
    #expect(result.actions.map(\.name) == ["hello", "bye", "again"])
    #expect(
      result.actions.map(\.entrypoint) == [
        "plugin.tasks.hello.HelloAction", "plugin.tasks.hello.GoodbyeAction", "plugin.tasks.hello.AgainAction",
      ])
    #expect(result.actions.allSatisfy { $0.inputType == "yolo_dataset" && $0.outputType == nil })
    #expect(result.actions.allSatisfy { $0.params?.qualifiedName == "plugin.base.SharedParams" })
    let abstract = result.diagnostics.filter { $0.message.contains("abstract") }
    #expect(
      abstract.map(\.message) == [
        "class StillAbstractBase is abstract (prepare not implemented), so it is not an action"
      ])
    #expect(abstract.first?.file == "plugin/tasks/hello.py" && abstract.first?.line == 18)
  }

  @Test func sdkAbstractMethodsDecideConcreteness() {
    let result = Support.discover([
      (
        "plugin/serve.py",
        """
        from synapse_sdk.plugins import BaseServeDeployment, BaseTrainAction, BaseInferenceAction
        from synapse_sdk.plugins.actions.dataset import DatasetAction

        class Served(BaseServeDeployment):
            async def _get_model(self, info): ...
            async def infer(self, data): ...

        class HalfServed(BaseServeDeployment):
            async def _get_model(self, info): ...

        class Trainer(BaseTrainAction):
            pass

        class Infer(BaseInferenceAction):
            pass

        class Data(DatasetAction):
            pass
        """
      )
    ])
    #expect(result.actions.map(\.name) == ["served", "trainer", "data"])
    #expect(result.actions.last?.outputType == "yolo_dataset")
    #expect(result.actions.last?.params?.isExternal == true)
    #expect(result.diagnostics.filter { $0.message.contains("abstract") }.map(\.line) == [8, 14])
  }

  @Test func nameRulesAndInheritedActionNames() {
    let result = Support.discover([
      (
        "plugin/names.py",
        """
        from synapse_sdk.plugins.actions.to_task import ToTaskAction
        from synapse_sdk.plugins import BaseAction
        NAME = 'constant_name'

        class AutoLabelAction(BaseAction):
            def execute(self): ...

        class ToTask(ToTaskAction):
            pass

        class FromConstantAction(BaseAction):
            action_name = NAME
            def execute(self): ...

        class Empty(BaseAction):
            action_name = ''
            def execute(self): ...

        class Dynamic(BaseAction):
            action_name = compute_name()
            def execute(self): ...
        """
      )
    ])
    #expect(result.actions.map(\.name) == ["autolabel", "to_task", "constant_name", "empty", "dynamic"])
    let dynamic = result.diagnostics.filter { $0.message.contains("action_name cannot be read") }
    #expect(dynamic.count == 1)
    #expect(dynamic.first?.line == 20 && dynamic.first?.column == 5)
  }

  @Test func onlySynapseNamesCount() {
    let result = Support.discover([
      (
        "plugin/mixed.py",
        """
        from pydantic import BaseModel
        from other_lib import BaseAction as OtherBase
        from synapse_sdk.plugins import BaseAction

        class Params(BaseModel):
            x: int = 1

        class NotAnAction(BaseModel):
            pass

        class Sneaky(OtherBase):
            def execute(self): ...

        class Bare(BaseUploadAction):
            pass

        class Unknown(SomethingBase):
            pass
        """
      )
    ])
    #expect(result.actions.map(\.name) == ["sneaky", "bare"])
    let messages = result.diagnostics.map(\.message)
    #expect(messages.contains { $0.contains("base OtherBase comes from other_lib.BaseAction rather than synapse_sdk") })
    #expect(messages.contains { $0.contains("base BaseUploadAction cannot be resolved") && $0.contains("assumed") })
    #expect(messages.contains { $0.contains("class Unknown: cannot tell whether it is an action") })
    #expect(!messages.contains { $0.contains("NotAnAction") || $0.contains("Params") })
  }

  @Test func cyclesAndDynamicBasesAreReportedNotFatal() {
    let result = Support.discover([
      ("plugin/a.py", "from .b import B\nclass A(B):\n    pass\n"),
      ("plugin/b.py", "from .a import A\nclass B(A):\n    pass\n"),
      (
        "plugin/c.py",
        """
        from synapse_sdk.plugins import BaseAction
        def make_base():
            return BaseAction

        class Made(make_base()):
            def execute(self): ...

        class Fine(BaseAction):
            def execute(self): ...
        """
      ),
    ])
    #expect(result.actions.map(\.name) == ["fine"])
    #expect(result.diagnostics.contains { $0.message.contains("inheritance cycle") })
    let dynamic = result.diagnostics.first {
      $0.message == "class Made: base expression too dynamic to read: make_base()"
    }
    #expect(dynamic?.file == "plugin/c.py" && dynamic?.line == 5 && dynamic?.column == 12)
    #expect(dynamic?.severity == .warning)
  }

  @Test func upstreamQuirksAreReported() {
    let result = Support.discover([
      (
        "plugin/quirks.py",
        """
        from synapse_sdk.plugins import BaseAction

        class Trainer(BaseAction):
            def execute(self): ...

        class Renamed(Trainer):
            pass

        class Outer:
            class InnerAction(BaseAction):
                def execute(self): ...

        class Later(BaseAction):
            def execute(self): ...

        Later = None
        """
      ),
      ("plugin/broken.py", "from synapse_sdk.plugins import BaseAction\nclass Broken(BaseAction):\n    x = (\n"),
    ])
    #expect(result.actions.map(\.name) == ["trainer"])
    let messages = result.diagnostics.map(\.message)
    #expect(
      messages.contains { $0.hasPrefix("class Renamed derives from an action base, but upstream only considers") })
    #expect(messages.contains { $0.hasPrefix("class Outer.InnerAction is nested") })
    #expect(messages.contains { $0.hasPrefix("Later is rebound after its class statement") })
    #expect(messages.contains { $0.hasPrefix("the file has syntax errors") })
    #expect(result.diagnostics.contains { $0.severity == .error && $0.file == "plugin/broken.py" })
  }

  @Test func duplicateNamesLaterFileWinsInPlace() {
    let result = Support.discover([
      (
        "plugin/one.py",
        """
        from synapse_sdk.plugins import BaseAction
        class TrainAction(BaseAction):
            def execute(self): ...
        class OtherAction(BaseAction):
            def execute(self): ...
        """
      ),
      (
        "plugin/two.py",
        """
        from synapse_sdk.plugins import BaseAction
        class Train(BaseAction):
            action_name = 'train'
            def execute(self): ...
        """
      ),
    ])
    #expect(result.actions.map(\.name) == ["train", "other"])
    #expect(result.actions.first?.entrypoint == "plugin.two.Train")
    let warning = result.diagnostics.first { $0.message.contains("is also defined by") }
    #expect(warning?.file == "plugin/two.py" && warning?.line == 2)
  }

  @Test func dataTypesIncludingCustomSubclasses() {
    let result = Support.discover([
      (
        "plugin/types.py",
        """
        from typing import ClassVar
        from synapse_sdk.plugins.types import Dataset, YOLODataset, ModelWeights

        class MyDataset(YOLODataset):
            name: ClassVar[str] = 'my_dataset'

        class SubDataset(MyDataset):
            pass

        class PlainDataset(Dataset):
            pass
        """
      ),
      (
        "plugin/actions.py",
        """
        from synapse_sdk.plugins import BaseAction, RunMethod
        import synapse_sdk.plugins.types as types
        from .types import MyDataset, SubDataset, PlainDataset

        class CustomAction(BaseAction):
            input_type = MyDataset
            output_type = types.ModelWeights
            method = RunMethod.SERVE
            def execute(self): ...

        class InheritedAction(BaseAction):
            input_type = SubDataset
            output_type = PlainDataset
            method = 'task'
            def execute(self): ...

        class StringTypeAction(BaseAction):
            input_type = 'yolo_dataset'
            def execute(self): ...
        """
      ),
    ])
    let actions = Dictionary(uniqueKeysWithValues: result.actions.map { ($0.name, $0) })
    #expect(actions["custom"]?.inputType == "my_dataset")
    #expect(actions["custom"]?.outputType == "model_weights")
    #expect(actions["custom"]?.method == "serve")
    #expect(actions["inherited"]?.inputType == "my_dataset")
    #expect(actions["inherited"]?.outputType == "dataset")
    #expect(actions["inherited"]?.method == "task")
    #expect(actions["stringtype"]?.inputType == nil)
    #expect(result.diagnostics.contains { $0.message.contains("input_type is a string") && $0.line == 18 })
  }

  @Test func paramsFromGenericArgumentsAndParamsModel() {
    let result = Support.discover([
      (
        "plugin/params.py",
        """
        from typing import TypeVar
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins import BaseAction, BaseTrainAction
        from synapse_sdk.plugins.actions.train import BaseTrainParams

        P = TypeVar('P')

        class Common(BaseModel):
            seed: int = Field(0, description='Random seed')

        class TrainParams(BaseTrainParams, Common):
            epochs: int = Field(default=5, ge=1)

        class OtherParams(BaseModel):
            name: str

        class GenericAction(BaseTrainAction[TrainParams]):
            pass

        class ExplicitAction(BaseAction[P]):
            params_model = OtherParams
            def execute(self): ...

        class BothAction(BaseAction[TrainParams]):
            params_model = OtherParams
            def execute(self): ...

        class ForwardAction(BaseAction['TrainParams']):
            def execute(self): ...

        class ChildAction(GenericAction):
            pass
        """
      )
    ])
    let actions = Dictionary(uniqueKeysWithValues: result.actions.map { ($0.name, $0) })
    #expect(actions["generic"]?.params?.name == "TrainParams")
    #expect(actions["generic"]?.params?.fields.map(\.name) == ["seed", "epochs"])
    #expect(actions["generic"]?.params?.externalBases == ["BaseTrainParams"])
    #expect(actions["explicit"]?.params?.name == "OtherParams")
    #expect(actions["both"]?.params?.name == "OtherParams")
    #expect(actions["forward"] != nil && actions["forward"]?.params == nil)
    #expect(actions["child"]?.params?.name == "TrainParams")
  }
}
