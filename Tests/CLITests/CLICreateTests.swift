import Foundation
import TestSupport
import Testing

/// `synapse plugin create`: every category from flags alone, hostile values, the target's
/// safety, idempotence through the engine, and the interactive prompts on a terminal.
@Suite struct CLICreateTests {
  let fixture = CLIFixture()

  static let categories = [
    "neural_net", "export", "upload", "smart_tool", "data_validation", "pre_annotation", "post_annotation", "custom",
  ]

  func create(_ arguments: [String]) -> ProcessResult {
    fixture.synapse(["plugin", "create", "-p", fixture.scratch.path] + arguments)
  }

  /// config.yaml as PyYAML's safe_load reads it, as JSON.
  func pyYAML(_ path: String) throws -> [String: Any] {
    let json = try ProcessRunner.output(
      "python3", ["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))", path])
    return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  }

  /// Every generated Python file compiles, and pyproject.toml parses with the given description.
  func expectValidSources(_ plugin: String, description: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let check = ProcessRunner.run(
      "python3",
      [
        "-c",
        """
        import pathlib, sys, tomllib
        root = pathlib.Path(sys.argv[1])
        for path in root.rglob("*.py"):
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert project["description"] == sys.argv[2], project["description"]
        """,
        plugin, description,
      ])
    #expect(check.status == 0, "\(check.stderr)", sourceLocation: sourceLocation)
  }

  @Test(arguments: categories)
  func everyCategoryIsCreatedFromFlagsAndPassesEveryCheck(category: String) throws {
    let result = create(["-n", "My \(category) plugin", "-c", category, "-y"])
    #expect(result.status == 0, "\(result.stderr)")
    let plugin = fixture.scratch.url("synapse-my-\(category.replacingOccurrences(of: "_", with: "-"))-plugin-plugin")
    #expect(FileManager.default.fileExists(atPath: plugin + "/config.yaml"), "\(result.stdout)")
    for file in ["README.md", "requirements.txt", "pyproject.toml", ".gitignore", ".synapseignore", "plugin/__init__.py"] {
      #expect(FileManager.default.fileExists(atPath: plugin + "/" + file), "\(file)")
    }
    let validate = fixture.synapse(["plugin", "validate", "-p", plugin])
    #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
    #expect(!validate.stderr.contains("warning:"), "\(validate.stderr)")
    let build = fixture.synapse(["build", "-p", plugin])
    #expect(build.status == 0, "\(build.stderr)")
    let check = fixture.synapse(["plugin", "update-config", "--check", "-p", plugin])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let config = try pyYAML(plugin + "/config.yaml")
    #expect(config["name"] as? String == "My \(category) plugin")
    #expect(config["category"] as? String == category)
    let text = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    #expect(text.hasPrefix("# yaml-language-server: $schema=.synapse/plugin-config.schema.json\n"))
    // Every action module exists and has a test.
    for (name, _) in (config["actions"] as? [String: Any]) ?? [:] {
      #expect(FileManager.default.fileExists(atPath: plugin + "/tests/test_\(name).py"), "tests for \(name)")
    }
    expectValidSources(plugin, description: "My \(category) plugin plugin")
    // No placeholder left behind.
    let leftovers = ProcessRunner.run("grep", ["-rlE", "\\{\\{(py_|toml_)?(name|description|code|version|category|data_type)\\}\\}", plugin])
    #expect(leftovers.stdout.isEmpty, "\(leftovers.stdout)")
  }

  @Test(arguments: categories)
  func generatedTestsPassAgainstTheRuntime(category: String) throws {
    let runtime = Fixtures.packageRoot + "/runtime"
    try #require(FileManager.default.fileExists(atPath: runtime + "/synapse_sdk"))
    #expect(create(["-n", "Run \(category)", "--code", "run-it", "-c", category, "-y"]).status == 0)
    let plugin = fixture.scratch.url("synapse-run-it-plugin")
    let pytest = ProcessRunner.run(
      "python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd: plugin,
      environment: ["PYTHONPATH": runtime, "PYTHONDONTWRITEBYTECODE": "1"])
    #expect(pytest.status == 0, "\(pytest.stdout.suffix(3000))\(pytest.stderr.suffix(2000))")
    #expect(pytest.stdout.contains("passed"))
  }

  @Test func hostileValuesGiveAValidPluginOrAClearRefusal() throws {
    let accepted: [(name: String, code: String?, description: String?)] = [
      ("Detector: v2 #1", nil, nil),
      (#"She said "hi" and 'bye'"#, nil, #"back\slash \n not a newline"#),
      ("한국어 모델", "korean-model", "설명: 한국어 #태그"),
      ("- null", "dash", "true"),
      ("{{name}} {{py_name}}", "braces", "{{toml_description}}"),
      ("0.1", "zero-one", "*anchor &alias !tag %percent @at `tick`"),
      (String(repeating: "x", count: 200), nil, nil),
    ]
    for (index, value) in accepted.enumerated() {
      // `--flag=value`, so a value starting with "-" is not read as an option.
      var arguments = ["--name=" + value.name, "-c", Self.categories[index % Self.categories.count], "-y"]
      if let code = value.code { arguments += ["--code", code] }
      if let description = value.description { arguments += ["--description=" + description] }
      let result = create(arguments)
      #expect(result.status == 0, "\(value.name): \(result.stderr)")
      let match = result.stdout.firstMatch(of: #/ \(([a-z0-9-]+), /#)
      let code = try #require(value.code ?? match.map { String($0.1) })
      let plugin = fixture.scratch.url("synapse-\(code)-plugin")
      let config = try pyYAML(plugin + "/config.yaml")
      #expect(config["name"] as? String == value.name)
      let description = value.description ?? "\(value.name) plugin"
      #expect(config["description"] as? String == description)
      #expect(fixture.synapse(["plugin", "validate", "-p", plugin]).status == 0, "\(value.name)")
      expectValidSources(plugin, description: description)
    }

    let before = try FileManager.default.contentsOfDirectory(atPath: fixture.scratch.path).sorted()
    let refused: [([String], String)] = [
      (["-n", "two\nlines"], "one line"),
      (["-n", "tab\there"], "one line"),
      (["-n", String(repeating: "y", count: 201)], "at most 200"),
      (["-n", "x", "--code", "../x"], "lowercase letters"),
      (["-n", "x", "--code", "a/b"], "lowercase letters"),
      (["-n", "x", "--code=-x"], "lowercase letters"),
      (["-n", "x", "--code", "Bad Code"], "lowercase letters"),
      (["-n", "x", "--code", String(repeating: "a", count: 65)], "at most 64"),
      (["-n", "한국어"], "pass --code"),
      (["-n", "   "], "must not be empty"),
      (["-n", "x", "--version", "1.0"], "not a version"),
      (["-n", "x", "-c", "robot"], "unknown category"),
      (["-n", "x", "-c", "export", "--data-type", "image"], "do not apply to export"),
      (["-n", "x", "-c", "neural_net", "--data-type", "smell"], "data type"),
      (["-n", "x", "-c", "neural_net", "--data-type", "text", "--task", "object_detection"], "task for text"),
      (["-c", "custom"], "no --name given"),
      (["-n", "x"], "no --category given"),
    ]
    for (arguments, message) in refused {
      let withCategory = arguments.contains("-c") || arguments == ["-n", "x"] ? arguments : arguments + ["-c", "custom"]
      let result = create(withCategory)
      #expect(result.status == 1, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.scratch.path).sorted() == before)
    #expect(!FileManager.default.fileExists(atPath: fixture.scratch.url("../x")))
  }

  @Test func anExistingDirectoryIsKeptUnlessForcedAndForcingTwiceIsANoOp() throws {
    #expect(create(["-n", "Keep", "-c", "export", "-y"]).status == 0)
    let plugin = fixture.scratch.url("synapse-keep-plugin")
    try "# mine\n".write(toFile: plugin + "/README.md", atomically: true, encoding: .utf8)
    try "notes\n".write(toFile: plugin + "/NOTES.txt", atomically: true, encoding: .utf8)
    let refused = create(["-n", "Keep", "-c", "export", "-y"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("already exists; pass --force"))
    #expect(try String(contentsOfFile: plugin + "/README.md", encoding: .utf8) == "# mine\n")

    let forced = create(["-n", "Keep", "-c", "export", "-y", "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stdout.contains("  README.md\n"))
    #expect(!forced.stdout.contains("config.yaml"))
    #expect(try String(contentsOfFile: plugin + "/README.md", encoding: .utf8) != "# mine\n")
    #expect(try String(contentsOfFile: plugin + "/NOTES.txt", encoding: .utf8) == "notes\n")

    let snapshot = try Self.snapshot(plugin)
    let again = create(["-n", "Keep", "-c", "export", "-y", "--force"])
    #expect(again.status == 0)
    #expect(again.stdout.hasPrefix("up to date: \(plugin)"))
    #expect(try Self.snapshot(plugin) == snapshot)
  }

  @Test func symbolicLinksAreNeverWrittenThrough() throws {
    let outside = TemporaryDirectory("outside")
    #expect(symlink(outside.path, fixture.scratch.url("synapse-linked-plugin")) == 0)
    let result = create(["-n", "Linked", "-c", "custom", "-y", "--force"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("not a directory") || result.stderr.contains("symbolic link"), "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)

    #expect(create(["-n", "Inner", "-c", "custom", "-y"]).status == 0)
    let plugin = fixture.scratch.url("synapse-inner-plugin")
    try FileManager.default.removeItem(atPath: plugin + "/README.md")
    #expect(symlink(outside.url("stolen.md"), plugin + "/README.md") == 0)
    let inner = create(["-n", "Inner", "-c", "custom", "-y", "--force"])
    #expect(inner.status == 1)
    #expect(inner.stderr.contains("symbolic link"), "\(inner.stderr)")
    #expect(!FileManager.default.fileExists(atPath: outside.url("stolen.md")))
  }

  @Test func aTerminalIsAskedForWhatTheFlagsLeaveOut() throws {
    let (status, screen) = try PseudoTerminal.run(
      ProcessRunner.synapseBinary, ["plugin", "create", "-p", fixture.scratch.path],
      answers: [
        ("Choose 1-8", "1"),  // neural_net
        ("Plugin name: ", "Vision Model"),
        ("Plugin code [vision-model]: ", ""),
        ("Version [0.1.0]: ", "0.2.0"),
        ("Description [Vision Model plugin]: ", ""),
        ("Choose 1-6 [1]: ", "1"),  // image
        ("Choose: ", "1 3"),  // object_detection, segmentation
        ("Create plugin? [Y/n]", "y"),
      ], environment: ["SYNAPSE_CACHE_DIR": fixture.cache.path])
    #expect(status == 0, "\(screen)")
    let config = try pyYAML(fixture.scratch.url("synapse-vision-model-plugin/config.yaml"))
    #expect(config["version"] as? String == "0.2.0")
    #expect(config["data_type"] as? String == "image")
    #expect(config["tasks"] as? [String] == ["image.object_detection", "image.segmentation"])
  }

  static func snapshot(_ directory: String) throws -> [String: String] {
    var out: [String: String] = [:]
    for case let rel as String in FileManager.default.enumerator(atPath: directory) ?? NSEnumerator() {
      let path = directory + "/" + rel
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      out[rel] = "\(data.hashValue) \((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
    }
    return out
  }
}
