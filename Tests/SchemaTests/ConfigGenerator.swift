/// Generates plugin configs, mostly plausible and sometimes broken in one of
/// many ways, as YAML text for the differential test.
///
/// Values are written the way people write them (block mappings, flow
/// sequences, plain scalars that YAML 1.1 retypes) but avoid the corners
/// where libyaml and PyYAML's pure-Python scanner parse differently, and
/// never repeat a key: the oracle's loader silently drops duplicates.
struct ConfigGenerator {
  var random: SeededGenerator

  /// Each top-level field: values that are valid, and values that are not.
  private static let fields: [(name: String, valid: [String], invalid: [String])] = [
    ("name", ["Demo", "\"YOLO v8\"", "'x'", "Plugin 2"], ["1", "yes", "[a]", "~", ""]),
    ("code", ["demo", "a-1", "x9", "yolo-v8"], ["Demo", "a--b", "-a", "a_b", "1.5", "''"]),
    ("version", ["0.1.0", "\"1.0\"", "'2.0.0-rc1'", "10.20.30", "v1"], ["1.0", "1", "2024-01-01", "{}", "''"]),
    (
      "category",
      [
        "neural_net", "export", "upload", "smart_tool", "post_annotation", "pre_annotation", "data_validation",
        "custom",
      ],
      ["nn", "1", "[custom]", "Custom", "~"]
    ),
    ("variant", ["~", "main", "null", "'1'"], ["1", "[a]", "on"]),
    ("description", ["\"text\"", "hello world", "''"], ["~", "1.5", "on", ""]),
    ("readme", ["README.md", "docs/x.md"], ["[a]", "1"]),
    ("package_manager", ["pip", "uv"], ["conda", "~", "PIP"]),
    ("package_manager_options", ["[]", "[--a, -b]"], ["--a", "[1]", "[yes]"]),
    ("wheels_dir", ["wheels"], ["1", "{}"]),
    ("env", ["{}", "{A: \"0\", B: x}", "{A: 0}", "{A: [1]}"], ["[a]", "x", "{yes: a}", "{1: a}"]),
    ("runtime_env", ["{}", "{pip: [a]}", "{env_vars: {A: b}}"], ["[a]", "~"]),
    ("data_type", ["image", "text", "video", "pcd", "audio", "data", "~"], ["images", "1", "[image]"]),
    ("tasks", ["[]", "[image.object_detection]"], ["[1]", "x", "[~]"]),
    ("supported_data_types", ["[image, video]", "[]"], ["[pcds]", "image", "[off]"]),
    ("supported_data_type", ["[image]"], ["[x]"]),
    (
      "supported_annotation_tools", ["{}", "{image: [polygon, bounding_box]}", "{time_series: [time_range]}"],
      ["{img: [polygon]}", "{image: polygon}", "{image: [box]}"]
    ),
    ("annotation_category", ["image", "~", "time_series"], ["img", "1"]),
    ("annotation_type", ["bbox", "~", "label"], ["box", "[bbox]"]),
    ("smart_tool", ["interactive", "~", "semi_automatic"], ["manual", "yes"]),
    (
      "requires", ["{sdk: \">=1\"}", "~", "{sdk: ~, python: \"3\", extra: 1}", "{}"],
      ["{sdk: 1}", "[sdk]", "{cuda: 11.8}"]
    ),
    ("dependencies", ["{}", "{a: \">=1\"}"], ["{a: 1.0}", "[a]", "{a: ~}"]),
    ("tags", ["[]", "[a, b]", "[a, a]"], ["[a, 1]", "[on]", "a"]),
    ("smart_tool_type", ["interactive"], []),
    ("custom_field", ["1", "[x]"], []),
  ]

  private static let entrypoints = (
    valid: ["plugin.a:A", "a.b.C", "plugin.main.run", "_x.y:Z9", "pkg.mod:Cls"],
    invalid: ["A", "a/b:C", "\"a.b:\"", "1", "\"a b.c\"", "a.b:C.d", "~", "[a.b]"]
  )
  private static let methods = (valid: ["job", "task", "serve", "restapi"], invalid: ["jobs", "1", "~", "Job"])

  init(seed: UInt64) {
    random = SeededGenerator(seed: seed)
  }

  mutating func next() -> String {
    var lines: [String] = []
    let broken = random.chance(45)
    for field in Self.fields {
      let required = ["name", "code", "version", "category"].contains(field.name)
      if !required && !random.chance(30) { continue }
      if required && broken && random.chance(4) { continue }
      let useInvalid = broken && !field.invalid.isEmpty && random.chance(12)
      let value = random.pick(useInvalid ? field.invalid : field.valid)
      lines.append(value.isEmpty ? "\(field.name):" : "\(field.name): \(value)")
    }
    lines.shuffle(using: &random)
    if !(broken && random.chance(5)) { lines += actions(broken: broken) }
    if random.chance(30) { lines += build(broken: broken) }
    return lines.joined(separator: "\n") + "\n"
  }

  private mutating func actions(broken: Bool) -> [String] {
    if broken && random.chance(6) { return [random.pick(["actions: {}", "actions: [train]", "actions:"])] }
    var lines = ["actions:"]
    let names = ["train", "inference", "export", "main", "to_task"].shuffled(using: &random)
    for name in names.prefix(Int.random(in: 1...3, using: &random)) {
      if broken && random.chance(5) {
        lines.append("  \(name): plugin.\(name).Action")
        continue
      }
      lines.append("  \(name):")
      var body: [String] = []
      if !(broken && random.chance(8)) {
        let bad = broken && random.chance(15)
        body.append("entrypoint: " + random.pick(bad ? Self.entrypoints.invalid : Self.entrypoints.valid))
      }
      if random.chance(70) {
        let bad = broken && random.chance(15)
        body.append("method: " + random.pick(bad ? Self.methods.invalid : Self.methods.valid))
      }
      let optional: [(String, [String], [String])] = [
        ("description", ["Train it", "''"], ["1", "~"]),
        ("input_type", ["yolo_dataset", "~"], ["1", "[a]"]),
        ("output_type", ["model_weights"], ["true"]),
        ("serve_options", ["{}", "~", "{replicas: 2}"], ["[]", "x"]),
        (
          "hyperparameters", ["{train_ui_schemas: [{$formkit: number, name: epochs}]}", "{}"],
          ["{train_ui_schemas: [x]}", "[]"]
        ),
        ("ui_schema", ["[]", "~", "[{$formkit: text, name: group_name}]"], ["{}", "[{name: 1}]"]),
        ("result_schema", ["{}"], []),
        ("entry_point", ["a.b.C"], []),
      ]
      for (key, valid, invalid) in optional where random.chance(20) {
        let bad = broken && !invalid.isEmpty && random.chance(20)
        body.append("\(key): " + random.pick(bad ? invalid : valid))
      }
      if body.isEmpty {
        lines[lines.count - 1] += " {}"
      }
      lines += body.map { "    " + $0 }
    }
    return lines
  }

  private mutating func build(broken: Bool) -> [String] {
    if broken && random.chance(10) { return [random.pick(["build: []", "build: x"])] }
    var lines = ["build:"]
    let names = broken && random.chance(20) ? ["Lint", "a__b", "ok"] : ["lint", "test-unit", "docs_site"]
    for name in names.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)) {
      lines.append("  \(name):")
      if !(broken && random.chance(10)) {
        lines.append("    run: " + (broken && random.chance(15) ? random.pick(["''", "1", "[make]"]) : "make \(name)"))
      }
      if random.chance(50) {
        lines.append(
          "    inputs: " + (broken && random.chance(15) ? random.pick(["src/**", "['']", "[1]"]) : "[src/**, '*.py']"))
      }
      if random.chance(40) {
        lines.append("    outputs: " + (broken && random.chance(15) ? random.pick(["dist", "[~]"]) : "[dist]"))
      }
      if random.chance(40) {
        lines.append(
          "    env: " + (broken && random.chance(20) ? random.pick(["[A, A]", "[1B]", "PATH", "[on]"]) : "[PATH, CC]"))
      }
      if broken && random.chance(10) {
        lines.append("    command: x")
      }
      if random.chance(20) {
        lines.append("    description: " + (broken && random.chance(20) ? "1" : "Builds it"))
      }
    }
    return lines
  }
}
