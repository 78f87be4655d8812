import Discovery
import Foundation
import PythonSource
import Testing

/// Builds FormKit schemas statically and compares them with what upstream's algorithm gives
/// when pydantic itself imports the same models.
@Suite struct FormKitDifferentialTests {
  static let models = """
    from pathlib import Path
    from typing import Annotated, ClassVar, Literal, Optional, Union
    from pydantic import BaseModel, ConfigDict, Field, PositiveInt, conint

    LIMIT = 10
    HELP = 'From a constant'

    class Base(BaseModel):
        dataset: int = Field(description='excluded by name')
        seed: int = Field(0, description='Random seed')
        shared: str = 'base'

    class Params(Base):
        model_config = ConfigDict(extra='allow', json_schema_extra={'group': 'x'})
        mAP50: float = Field(0.5, le=1.0, ge=0.0)
        x_1st: Optional[int] = None
        Ünïcode: bool = True
        names: list[str] = Field(default_factory=list)
        bare_list: list = []
        opt_list: Optional[list] = None
        opt_list_int: Optional[list[int]] = None
        mode: Literal['a', 'b'] = 'a'
        path: Path | str = Field('/tmp', description=HELP)
        union_first: Union[None, float, str] = 1.5
        count: PositiveInt = Field(default=1, le=LIMIT)
        stepped: conint(ge=1, le=10, multiple_of=2) = 4
        annotated: Annotated[int, Field(ge=2, description='annotated help')] = Field(default=3, le=9)
        both_min: int = Field(5, lt=100, gt=0, multiple_of=5, ge=1)
        select: str = Field('m', json_schema_extra={
            'formkit': 'select', 'options': ['s', 'm', 'l'], 'help': 'Override', 'required': False, 'label': 'Size'})
        hidden: int = Field(1, json_schema_extra={'exclude_from_ui': True})
        required_text: str
        empty_desc: str = Field('x', description='')
        none_default: Optional[str] = Field(None, description='nothing')
        shared: str = Field('override', description='redefined keeps position')
        ellipsis_required: int = Field(..., description='needs a value')
        klass: ClassVar[int] = 3
        _private: int = 2
        dict_field: dict[str, int] = {}
        escaped: str = 'tab\\there "quoted" ünï' 'joined'
        big_float: float = 1e16
        tiny: float = Field(1e-7, gt=-1e-5)
        negative: int = -3
        forward: 'Optional[int]' = 4
        nested_default: dict = {'a': [1, 2.5, None, True], 'b': {'c': 'd'}}
        work_dir: str = '/work'

    class Excluded(BaseModel):
        model_config = {'json_schema_extra': {'exclude_from_ui': True}}
        a: int = 1

    class InheritsExcluded(Excluded):
        b: int = 2

    class Small(BaseModel):
        checkpoint: int = 1
        lr: float = Field(0.1, json_schema_extra={'required': False})
        flag: bool = False
    """

  static let actions = """
    from synapse_sdk.plugins import BaseTrainAction, BaseUploadAction, BaseAction
    from .models import Params, Excluded, InheritsExcluded, Small

    class TrainAction(BaseTrainAction[Params]):
        pass

    class TuneAction(BaseTrainAction[Excluded]):
        pass

    class UploadAction(BaseUploadAction[InheritsExcluded]):
        pass

    class SmallAction(BaseAction[Small]):
        def execute(self): ...
    """

  /// Upstream's `pydantic_to_ui_schema` and hyperparameter filter, run on the imported models.
  static let oracle = """
    import importlib.util, json, re, sys
    from typing import get_args, get_origin
    from pydantic_core import PydanticUndefined

    spec = importlib.util.spec_from_file_location('models', sys.argv[1])
    models = importlib.util.module_from_spec(spec)
    sys.modules['models'] = models  # as after import_module, so string annotations resolve
    spec.loader.exec_module(models)

    def formkit_type(annotation):
        if annotation is None:
            return 'text'
        origin = get_origin(annotation)
        if origin is type(None):
            return 'text'
        if origin is not None:
            non_none = [a for a in get_args(annotation) if a is not type(None)]
            if non_none:
                annotation = non_none[0]
        type_map = {int: 'number', float: 'number', str: 'text', bool: 'checkbox', list: 'checkbox'}
        try:
            return type_map.get(annotation, 'text')
        except TypeError:
            return 'text'

    def items(model):
        schema = []
        for name, info in model.model_fields.items():
            item = {'$formkit': formkit_type(info.annotation), 'name': name,
                    'label': re.sub(r'_', ' ', name).title()}
            if info.default is not PydanticUndefined and info.default is not None:
                item['value'] = info.default
                item['placeholder'] = info.default
            if info.description:
                item['help'] = info.description
            if info.is_required():
                item['required'] = True
            constraints = {}
            for meta in info.metadata:
                kind = type(meta).__name__
                if kind == 'Ge': constraints['min'] = meta.ge
                elif kind == 'Le': constraints['max'] = meta.le
                elif kind == 'Gt': constraints['min'] = meta.gt
                elif kind == 'Lt': constraints['max'] = meta.lt
                elif kind == 'MultipleOf': constraints['step'] = meta.multiple_of
            item.update(constraints)
            if item['$formkit'] == 'number':
                item['number'] = True
            extra = info.json_schema_extra
            if isinstance(extra, dict) and extra:
                if 'formkit' in extra:
                    item['$formkit'] = extra['formkit']
                for key in ('options', 'help', 'required', 'step', 'min', 'max', 'label'):
                    if key in extra:
                        item[key] = extra[key]
            schema.append(item)
        return schema

    EXCLUDED = {'data_path', 'dataset_path', 'dataset', 'splits', 'checkpoint', 'model_path', 'weights_path',
                'output_path', 'work_dir', 'is_tune', 'hyperparameters'}

    def hyper(model, action):
        if action not in ('train', 'tune', 'upload'):
            return None
        extra = model.model_config.get('json_schema_extra')
        if isinstance(extra, dict) and extra.get('exclude_from_ui'):
            return None
        result = []
        for item in items(model):
            if item['name'] in EXCLUDED:
                continue
            field_extra = model.model_fields[item['name']].json_schema_extra
            if isinstance(field_extra, dict) and field_extra.get('exclude_from_ui'):
                continue
            if action in ('train', 'tune') and 'required' not in item:
                item['required'] = True
            result.append(item)
        return result or None

    for name in sys.argv[2:]:
        model = getattr(models, name)
        out = {'items': items(model)}
        for action in ('train', 'tune', 'upload', 'test'):
            out[action] = hyper(model, action)
        print(json.dumps(out, ensure_ascii=False))
    """

  @Test(.enabled(if: PythonRunner.hasPydantic))
  func schemasMatchUpstreamAlgorithmOnRealPydantic() throws {
    let result = DiscoveryTestSupport.discover([("plugin/models.py", Self.models), ("plugin/actions.py", Self.actions)])
    #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
    let byModel = Dictionary(
      result.actions.compactMap { action in action.params.map { ($0.name, $0) } },
      uniquingKeysWith: { first, _ in first })
    let names = ["Params", "Excluded", "InheritsExcluded", "Small"]
    #expect(Set(byModel.keys) == Set(names))

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("formkit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let modelsPath = directory.appendingPathComponent("models.py").path
    try Self.models.write(toFile: modelsPath, atomically: true, encoding: .utf8)
    let lines = try PythonRunner.run(Self.oracle, arguments: [modelsPath] + names).split(separator: "\n")
    #expect(lines.count == names.count)

    for (name, line) in zip(names, lines) {
      let model = try #require(byModel[name])
      var ours = "{\"items\": " + DiscoveryTestSupport.json(.list(FormKit.items(for: model)))
      for action in ["train", "tune", "upload", "test"] {
        let schema = FormKit.uiSchema(for: model, actionName: action).map { DiscoveryTestSupport.json(.list($0)) }
        ours += ", \"\(action)\": " + (schema ?? "null")
      }
      ours += "}"
      #expect(ours == String(line), "\(name)")
      if ours != String(line) {
        let mine = ours.split(separator: "}, {").map(String.init)
        let theirs = String(line).split(separator: "}, {").map(String.init)
        for (a, b) in zip(mine, theirs) where a != b {
          Issue.record("first difference\n  swift:  \(a)\n  python: \(b)")
          break
        }
      }
    }
  }

  @Test func readingWarningsArePositioned() {
    let result = DiscoveryTestSupport.discover([
      (
        "plugin/train.py",
        """
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins import BaseTrainAction

        class P(BaseModel):
            a: int = Field(default=compute(), ge=LIMIT, description=_('x'))
            b: str = Field('x', json_schema_extra=make_extra())

        class TrainAction(BaseTrainAction[P]):
            pass
        """
      )
    ])
    let messages = result.diagnostics.map { "\($0.line):\($0.column) \($0.message)" }
    #expect(messages.contains("5:5 field P.a: default compute(...) is not a literal; its value is not shown"))
    #expect(messages.contains { $0.hasPrefix("5:5 field P.a: ge is not a literal (LIMIT)") })
    #expect(messages.contains { $0.hasPrefix("5:5 field P.a: description cannot be read statically") })
    #expect(messages.contains { $0.hasPrefix("6:5 field P.b: json_schema_extra is not a literal dict") })
    let params = result.actions.first?.params
    #expect(params?.fields.first?.defaultValue == .unreadable("compute(...)"))
    let schema = params.flatMap { FormKit.uiSchema(for: $0, actionName: "train") }
    #expect(schema?.first?["value"] == nil)
    #expect(schema?.first?["required"] == .bool(true))
  }

  @Test func orderedValueFollowsPythonDictSemantics() {
    let result = DiscoveryTestSupport.discover([
      (
        "plugin/a.py",
        """
        from pydantic import BaseModel, Field
        from synapse_sdk.plugins import BaseAction
        class P(BaseModel):
            x: int = Field(1, json_schema_extra={'min': 1, 'label': 'A', 'min': 2, 'opts': (1, 2)})
        class TrainAction(BaseAction[P]):
            def execute(self): ...
        """
      )
    ])
    let field = result.actions.first?.params?.fields.first
    #expect(
      field?.jsonSchemaExtra == [
        .init("min", .int(2)), .init("label", .string("A")), .init("opts", .list([.int(1), .int(2)])),
      ])
    let item = field.map {
      FormKit.items(
        for: ParamsModel(
          name: "P", qualifiedName: "P", file: nil, line: nil, isExternal: false, fields: [$0], externalBases: [],
          config: []))
    }
    #expect(
      item?.first.map(DiscoveryTestSupport.json) == """
        {"$formkit": "number", "name": "x", "label": "A", "value": 1, "placeholder": 1, "number": true, "min": 2}
        """)
  }
}
