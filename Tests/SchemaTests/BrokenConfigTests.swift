import Schema
import Testing

/// A broken config and exactly what the validator must say about it.
struct BrokenConfig: CustomTestStringConvertible, Sendable {
  let name: String
  let yaml: String
  let expected: [String]

  var testDescription: String { name }
}

/// The valid head most cases start from.
private let head = "name: Demo\ncode: demo\nversion: 0.1.0\ncategory: custom\n"
private let mainAction = "actions:\n  main:\n    entrypoint: plugin.main.run\n"

/// Every line is `line:column: severity: message`, positions 1-based.
let brokenConfigs: [BrokenConfig] = [
  BrokenConfig(
    name: "numeric version (float)",
    yaml: "name: Demo\ncode: demo\nversion: 1.0\ncategory: custom\n" + mainAction,
    expected: [#"3:10: error: version: 1.0 is a number in YAML; quote it: version: "1.0""#]),
  BrokenConfig(
    name: "numeric version (int)",
    yaml: "name: Demo\ncode: demo\nversion: 1\ncategory: custom\n" + mainAction,
    expected: [#"3:10: error: version: 1 is a number in YAML; quote it: version: "1""#]),
  BrokenConfig(
    name: "version read as a date",
    yaml: "name: Demo\ncode: demo\nversion: 2024-01-01\ncategory: custom\n" + mainAction,
    expected: [#"3:10: error: version: 2024-01-01 is a date in YAML; quote it: version: "2024-01-01""#]),
  BrokenConfig(
    name: "boolean name",
    yaml: "name: yes\ncode: demo\nversion: 0.1.0\ncategory: custom\n" + mainAction,
    expected: [#"1:7: error: name: yes is a boolean in YAML; quote it: name: "yes""#]),
  BrokenConfig(
    name: "code with spaces and capitals",
    yaml: "name: Demo\ncode: My Plugin\nversion: 0.1.0\ncategory: custom\n" + mainAction,
    expected: [
      #"2:7: error: code: "My Plugin" must match ^[a-z0-9]+(-[a-z0-9]+)*$ (lowercase letters, digits and hyphens)"#
    ]),
  BrokenConfig(
    name: "code with a leading hyphen",
    yaml: "name: Demo\ncode: -demo\nversion: 0.1.0\ncategory: custom\n" + mainAction,
    expected: [
      #"2:7: error: code: "-demo" must match ^[a-z0-9]+(-[a-z0-9]+)*$ (lowercase letters, digits and hyphens)"#
    ]),
  BrokenConfig(
    name: "unknown category",
    yaml: "name: Demo\ncode: demo\nversion: 0.1.0\ncategory: nn\n" + mainAction,
    expected: [
      #"4:11: error: category: "nn" is not one of neural_net, export, upload, smart_tool, post_annotation, pre_annotation, data_validation, custom"#
    ]),
  BrokenConfig(
    name: "bad method",
    yaml: head + "actions:\n  train:\n    entrypoint: plugin.train.TrainAction\n    method: jobs\n",
    expected: [#"8:13: error: actions.train.method: "jobs" is not one of job, task, serve, restapi"#]),
  BrokenConfig(
    name: "numeric method",
    yaml: head + mainAction + "    method: 1\n",
    expected: ["8:13: error: actions.main.method: 1 is not one of job, task, serve, restapi"]),
  BrokenConfig(
    name: "missing required fields",
    yaml: "name: Demo\nversion: 0.1.0\n" + mainAction,
    expected: ["1:1: error: missing required field 'code'", "1:1: error: missing required field 'category'"]),
  BrokenConfig(
    name: "empty file",
    yaml: "",
    expected: ["1:1: error: expected a mapping, got an empty value (null)"]),
  BrokenConfig(
    name: "a list instead of a config",
    yaml: "- name: Demo\n",
    expected: ["1:1: error: expected a mapping, got a sequence"]),
  BrokenConfig(
    name: "list instead of map for actions",
    yaml: head + "actions:\n  - train\n  - test\n",
    expected: ["6:3: error: actions: expected a mapping, got a sequence"]),
  BrokenConfig(
    name: "no actions",
    yaml: head + "actions: {}\n",
    expected: ["5:10: error: actions: must define at least one action"]),
  BrokenConfig(
    name: "empty actions value",
    yaml: head + "actions:\n",
    expected: ["5:9: error: actions: expected a mapping, got an empty value (null)"]),
  BrokenConfig(
    name: "legacy string action",
    yaml: head + "actions:\n  train: plugin.train.TrainAction\n",
    expected: [
      "6:3: warning: actions.train: is written as a string, the legacy form of an action, which the Synapse SDK's parser drops; run synapse plugin update-config to write it as a mapping with an entrypoint"
    ]),
  BrokenConfig(
    name: "legacy string action that is no entrypoint",
    yaml: head + "actions:\n  train: plugin/train.py\n",
    expected: [
      "6:3: warning: actions.train: is written as a string, the legacy form of an action, which the Synapse SDK's parser drops; run synapse plugin update-config to write it as a mapping with an entrypoint",
      #"6:10: error: actions.train: "plugin/train.py" is not a Python entrypoint; write module.path:Class or module.path.Class"#,
    ]),
  BrokenConfig(
    name: "action that is a number",
    yaml: head + "actions:\n  train: 3\n",
    expected: [
      #"6:10: error: actions.train: expected a mapping with an entrypoint, got 3 (the Synapse SDK drops actions written any other way)"#
    ]),
  BrokenConfig(
    name: "entrypoint without a module",
    yaml: head + "actions:\n  train:\n    entrypoint: TrainAction\n",
    expected: [
      #"7:17: error: actions.train.entrypoint: "TrainAction" is not a Python entrypoint; write module.path:Class or module.path.Class"#
    ]),
  BrokenConfig(
    name: "entrypoint as a file path",
    yaml: head + "actions:\n  train:\n    entrypoint: plugin/train.py:TrainAction\n",
    expected: [
      #"7:17: error: actions.train.entrypoint: "plugin/train.py:TrainAction" is not a Python entrypoint; write module.path:Class or module.path.Class"#
    ]),
  BrokenConfig(
    name: "missing entrypoint, with a typo the warning explains",
    yaml: head + "actions:\n  train:\n    entry_point: plugin.train.TrainAction\n",
    expected: [
      "6:3: error: actions.train: missing required field 'entrypoint'",
      "7:5: warning: actions.train.entry_point: unknown field, ignored (did you mean entrypoint?)",
    ]),
  BrokenConfig(
    name: "on: key",
    yaml: head + "on: push\n" + mainAction,
    expected: [#"5:1: warning: key on is a boolean in YAML, not a string; quote it: "on":"#]),
  BrokenConfig(
    name: "duplicate top-level keys",
    yaml: head + "name: Other\n" + mainAction,
    expected: ["5:1: error: duplicate key 'name' (first defined at 1:1)"]),
  BrokenConfig(
    name: "duplicate action names; the last one is validated",
    yaml: head + "actions:\n  train: {entrypoint: plugin.train.A}\n  train: {entrypoint: Train}\n",
    expected: [
      "7:3: error: actions: duplicate key 'train' (first defined at 6:3)",
      #"7:23: error: actions.train.entrypoint: "Train" is not a Python entrypoint; write module.path:Class or module.path.Class"#,
    ]),
  BrokenConfig(
    name: "wrong container types",
    yaml: "name:\n  - Demo\ncode: [demo]\nversion: {major: 1}\ncategory: [custom]\nactions: main\n",
    expected: [
      "2:3: error: name: expected a string, got a sequence",
      "3:7: error: code: expected a string, got a sequence",
      "4:10: error: version: expected a string, got a mapping",
      "5:11: error: category: expected one of neural_net, export, upload, smart_tool, post_annotation, pre_annotation, data_validation, custom, got a sequence",
      #"6:10: error: actions: expected a mapping, got a string ("main")"#,
    ]),
  BrokenConfig(
    name: "package manager fields",
    yaml: head + "package_manager: conda\npackage_manager_options: --no-cache\n" + mainAction,
    expected: [
      #"5:18: error: package_manager: "conda" is not one of pip, uv"#,
      #"6:26: error: package_manager_options: expected a sequence, got a string ("--no-cache")"#,
    ]),
  BrokenConfig(
    name: "unknown data type",
    yaml: "name: Demo\ncode: demo\nversion: 0.1.0\ncategory: neural_net\ndata_type: images\n" + mainAction,
    expected: [#"5:12: error: data_type: "images" is not one of image, text, video, pcd, audio, data, null"#]),
  BrokenConfig(
    name: "sequence items of the wrong type",
    yaml: head + "tags: [a, 1, off]\nsupported_data_types: [image, pointcloud]\n" + mainAction,
    expected: [
      #"5:11: error: tags[1]: 1 is a number in YAML; quote it: - "1""#,
      #"5:14: error: tags[2]: off is a boolean in YAML; quote it: - "off""#,
      #"6:31: error: supported_data_types[1]: "pointcloud" is not one of image, text, video, pcd, audio, data"#,
    ]),
  BrokenConfig(
    name: "nested errors",
    yaml: head + mainAction
      + "    hyperparameters:\n      train_ui_schemas:\n        - {$formkit: number, name: epochs}\n        - epochs\n"
      + "  serve:\n    entrypoint: plugin.serve.Serve\n    serve_options: []\n    input_type: 5\n",
    expected: [
      #"11:11: error: actions.main.hyperparameters.train_ui_schemas[1]: expected a mapping, got a string ("epochs")"#,
      "14:20: error: actions.serve.serve_options: expected a mapping or null, got a sequence",
      #"15:17: error: actions.serve.input_type: 5 is a number in YAML; quote it: input_type: "5""#,
    ]),
  BrokenConfig(
    name: "requires and dependencies",
    yaml: head + "requires:\n  sdk: 2026\n  pyhton: '>=3.10'\ndependencies:\n  other-plugin: 1.0\n" + mainAction,
    expected: [
      #"6:8: error: requires.sdk: 2026 is a number in YAML; quote it: sdk: "2026""#,
      "7:3: warning: requires.pyhton: unknown field, ignored (did you mean python?)",
      #"9:17: error: dependencies.other-plugin: 1.0 is a number in YAML; quote it: other-plugin: "1.0""#,
    ]),
  BrokenConfig(
    name: "smart tool fields",
    yaml: "name: Demo\ncode: demo\nversion: 0.1.0\ncategory: smart_tool\nannotation_category: foo\n"
      + "annotation_type: box\nsmart_tool_type: interactive\nsupported_annotation_tools:\n  image: [bbox]\n  sound: []\n"
      + mainAction,
    expected: [
      #"5:22: error: annotation_category: "foo" is not one of image, video, audio, text, pcd, prompt, time_series"#,
      #"6:18: error: annotation_type: "box" is not one of bbox, polygon, point, line, mask, label, null"#,
      "7:1: warning: smart_tool_type: unknown field, ignored (did you mean smart_tool?)",
      #"9:11: error: supported_annotation_tools.image[0]: "bbox" is not one of bounding_box, polygon, polyline, keypoint, segmentation, relation, classification, annotationGroup, named_entity, 3d_bounding_box, 3d_segmentation, prompt, answer, time_range"#,
      #"10:3: error: supported_annotation_tools: key "sound" is not one of image, video, audio, text, pcd, prompt, time_series"#,
    ]),
  BrokenConfig(
    name: "env values and keys",
    yaml: head + "env:\n  CUDA_VISIBLE_DEVICES: 0\n  yes: 1\n" + mainAction,
    expected: [
      #"6:25: warning: env.CUDA_VISIBLE_DEVICES: 0 is a number in YAML; quote it: CUDA_VISIBLE_DEVICES: "0""#,
      #"7:3: error: env: key yes is a boolean in YAML, not a string; quote it: "yes":"#,
      #"7:8: warning: env.yes: 1 is a number in YAML; quote it: yes: "1""#,
    ]),
  BrokenConfig(
    name: "build stages",
    yaml: head + mainAction
      + "build:\n  Lint:\n    command: ruff check\n  test:\n    run: ''\n    inputs: src/**\n    env: [A, A, 1B]\n",
    expected: [
      "9:3: error: build.Lint: missing required field 'run'",
      #"9:3: error: build: key "Lint" must match ^[a-z0-9]+([-_][a-z0-9]+)*$ (lowercase letters and digits, separated by single hyphens or underscores)"#,
      "10:5: error: build.Lint.command: unknown field (expected run, inputs, outputs, env or description)",
      "12:10: error: build.test.run: must not be empty",
      #"13:13: error: build.test.inputs: expected a sequence, got a string ("src/**")"#,
      #"14:14: error: build.test.env[1]: "A" is a duplicate of build.test.env[0]"#,
      #"14:17: error: build.test.env[2]: "1B" is not an environment variable name (letters, digits and underscores, not starting with a digit)"#,
    ]),
  BrokenConfig(
    name: "build stage field typo",
    yaml: head + mainAction + "build:\n  docs:\n    run: make docs\n    input: [docs/**]\n",
    expected: ["11:5: error: build.docs.input: unknown field (did you mean inputs?)"]),
  BrokenConfig(
    name: "tags safe loaders reject",
    yaml: "name: !Ref Demo\ncode: demo\nversion: 0.1.0\ncategory: custom\ncount: !!int abc\nenv: !!set {a}\n"
      + mainAction,
    expected: [
      "1:7: error: name: tag !Ref is not supported (safe YAML loaders reject it)",
      #"5:8: error: count: "abc" is not a valid !!int"#,
      "6:6: error: env: tag !!set makes a value a config cannot hold; remove the tag",
    ]),
  BrokenConfig(
    name: "merge keys are expanded before validation",
    yaml: "defaults: &job\n  entrypoint: plugin.a.A\n  method: job\n" + head
      + "actions:\n  a:\n    <<: *job\n  b:\n    <<: *job\n    method: jobz\n",
    expected: [#"13:13: error: actions.b.method: "jobz" is not one of job, task, serve, restapi"#]),
  BrokenConfig(
    name: "several errors in one file, all reported in order",
    yaml: """
      name: 42
      code: Demo_Plugin
      version: 1.0
      category: neural_nets
      description:
      smart_tool_type: auto
      actions:
        train:
          entrypoint: plugin.train:TrainAction
          method: jobs
        infer:
          entrypoint: Inference
          method: serve
        test:
          method: job

      """,
    expected: [
      #"1:7: error: name: 42 is a number in YAML; quote it: name: "42""#,
      #"2:7: error: code: "Demo_Plugin" must match ^[a-z0-9]+(-[a-z0-9]+)*$ (lowercase letters, digits and hyphens)"#,
      #"3:10: error: version: 1.0 is a number in YAML; quote it: version: "1.0""#,
      #"4:11: error: category: "neural_nets" is not one of neural_net, export, upload, smart_tool, post_annotation, pre_annotation, data_validation, custom"#,
      #"5:13: error: description: is empty, which YAML reads as null; write description: """#,
      "6:1: warning: smart_tool_type: unknown field, ignored (did you mean smart_tool?)",
      #"10:13: error: actions.train.method: "jobs" is not one of job, task, serve, restapi"#,
      #"12:17: error: actions.infer.entrypoint: "Inference" is not a Python entrypoint; write module.path:Class or module.path.Class"#,
      "14:3: error: actions.test: missing required field 'entrypoint'",
    ]),
]

@Suite struct BrokenConfigTests {
  @Test(arguments: brokenConfigs)
  func reportsExactly(_ config: BrokenConfig) throws {
    #expect(try diagnose(config.yaml) == config.expected)
  }

  @Test func tableIsLargeEnough() {
    #expect(brokenConfigs.count >= 25)
    #expect(Set(brokenConfigs.map(\.name)).count == brokenConfigs.count)
  }

  /// Warnings alone never make a config invalid; every case with an error
  /// line must be reported as invalid.
  @Test(arguments: brokenConfigs)
  func validityFollowsSeverity(_ config: BrokenConfig) throws {
    let validator = try #require(pluginValidator)
    let root = try YAMLParserShim.parse(config.yaml)
    let diagnostics = validator.validate(document: root)
    #expect(diagnostics.containsErrors == config.expected.contains { $0.contains(": error: ") })
  }
}
