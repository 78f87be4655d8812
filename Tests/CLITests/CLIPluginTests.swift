import Foundation
import TestSupport
import Testing
import YAML

@Suite struct CLIPluginTests {
  static let plugins = ["synapse-coco-export-plugin", "synapse-hello-custom-plugin", "synapse-s3-upload-plugin", "synapse-yolov8-plugin"]

  func copyFixture(_ f: CLIFixture, _ name: String) throws -> String {
    let root = try #require(Fixtures.upstream)
    let path = f.scratch.url(name)
    try Fixtures.copyTree(root + "/pristine/" + name, to: path)
    return path
  }

  func actions(_ text: String) throws -> [String: YAMLValue] {
    guard let root = try YAMLParser.parse(Array(text.utf8)), case .mapping(let pairs)? = root["actions"]?.value else { return [:] }
    return Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, $0.value) })
  }

  /// Our update-config gives every action the values upstream's gives, and keeps every line
  /// of the author's file. Differences that follow from keeping the file's formatting:
  /// upstream re-indents `supported_data_types` in the upload plugin and drops a blank line
  /// in the export plugin; both stay as written here.
  @Test(.enabled(if: Fixtures.hasUpstream), arguments: plugins)
  func updateConfigMatchesUpstreamValues(plugin: String) throws {
    let f = CLIFixture()
    let path = try copyFixture(f, plugin)
    let pristine = try String(contentsOfFile: path + "/config.yaml", encoding: .utf8)
    let r = f.synapse(["plugin", "update-config", "-p", path])
    #expect(r.status == 0, "\(r.stderr)")
    let ours = try String(contentsOfFile: path + "/config.yaml", encoding: .utf8)
    let upstream = try String(contentsOfFile: try #require(Fixtures.upstream) + "/synced-config/\(plugin).yaml", encoding: .utf8)
    let mine = try actions(ours)
    let theirs = try actions(upstream)
    #expect(Set(mine.keys) == Set(theirs.keys))
    if plugin == "synapse-yolov8-plugin" {
      // Upstream only added lines to this file, so ours is byte-identical to it.
      #expect(ours == upstream)
    }
    for (name, expected) in theirs {
      guard case .mapping(let expectedFields) = expected, case .mapping(let ourFields)? = mine[name] else {
        Issue.record("\(plugin): action \(name) is not a mapping")
        continue
      }
      let ourByKey = Dictionary(uniqueKeysWithValues: ourFields.map { ($0.key, $0.value) })
      for (key, value) in expectedFields {
        if key == "entrypoint", case .string(let e) = value, case .string(let o)? = ourByKey[key] {
          #expect(e.replacingOccurrences(of: ":", with: ".") == o.replacingOccurrences(of: ":", with: "."), "\(plugin) \(name).\(key)")
        } else {
          #expect(ourByKey[key].map { $0.isEquivalent(to: value) } == true, "\(plugin) \(name).\(key): ours \(String(describing: ourByKey[key])) upstream \(value)")
        }
      }
    }
    // Every line the author wrote is still there, in order.
    var remaining = ours.split(separator: "\n", omittingEmptySubsequences: false)[...]
    for line in pristine.split(separator: "\n", omittingEmptySubsequences: false) {
      guard let i = remaining.firstIndex(of: line) else {
        Issue.record("\(plugin): line '\(line)' was changed or removed")
        break
      }
      remaining = remaining[(i + 1)...]
    }
    // Nothing left to do, and nothing is written when nothing changes.
    let before = try FileManager.default.attributesOfItem(atPath: path + "/config.yaml")[.modificationDate] as? Date
    let again = f.synapse(["plugin", "update-config", "-p", path])
    #expect(again.stdout == "config.yaml is up to date\n")
    #expect(try FileManager.default.attributesOfItem(atPath: path + "/config.yaml")[.modificationDate] as? Date == before)
    #expect(f.synapse(["plugin", "validate", "-p", path]).status == 0)
  }

  @Test(.enabled(if: Fixtures.hasUpstream)) func updateConfigKeepsCommentsAndReportsChanges() throws {
    let f = CLIFixture()
    let path = try copyFixture(f, "synapse-yolov8-plugin")
    var text = try String(contentsOfFile: path + "/config.yaml", encoding: .utf8)
    text = "# YOLOv8 plugin  (hand-written comment)\n" + text.replacingOccurrences(of: "actions:\n", with: "actions:   # keep me\n\n")
    try text.write(toFile: path + "/config.yaml", atomically: true, encoding: .utf8)
    // upstream's create output leaves out what its own update-config adds: listed, but it
    // passes --check (the archive's config.yaml carries it); --strict fails on it.
    let listed = """
        convert: input_type=dm_v2_dataset, output_type=dataset
        download: output_type=dm_v2_dataset
        test: output_type=test_results
        train: output_type=model_weights, hyperparameters.train_ui_schemas=[epochs, batch_size, learning_rate]

      """
    let check = f.synapse(["plugin", "update-config", "-p", path, "--check"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    // Actions in file order (sorted paths), deterministic unlike upstream's directory order.
    #expect(
      check.stdout
        == "config.yaml is up to date; update-config would add what the code declares (the archive's config.yaml has it already):\n"
        + listed)
    let strict = f.synapse(["plugin", "update-config", "-p", path, "--check", "--strict"])
    #expect(strict.status == 1)
    #expect(strict.stdout == "config.yaml is out of date:\n" + listed)
    #expect(try String(contentsOfFile: path + "/config.yaml", encoding: .utf8) == text)
    // A stated value the code contradicts fails --check without --strict.
    let stale = text.replacingOccurrences(of: "method: job\n", with: "method: job\n    output_type: dataset\n")
    try stale.write(toFile: path + "/config.yaml", atomically: true, encoding: .utf8)
    let contradicted = f.synapse(["plugin", "update-config", "-p", path, "--check"])
    #expect(contradicted.status == 1, "\(contradicted.stdout)")
    #expect(contradicted.stdout.hasPrefix("config.yaml is out of date:\n"))
    try text.write(toFile: path + "/config.yaml", atomically: true, encoding: .utf8)
    let r = f.synapse(["plugin", "update-config", "-p", path])
    #expect(r.status == 0)
    #expect(r.stdout.contains("  train: output_type=model_weights, hyperparameters.train_ui_schemas=[epochs, batch_size, learning_rate]\n"))
    let out = try String(contentsOfFile: path + "/config.yaml", encoding: .utf8)
    #expect(out.hasPrefix("# YOLOv8 plugin  (hand-written comment)\n"))
    #expect(out.contains("actions:   # keep me\n\n"))
    #expect(f.synapse(["plugin", "update-config", "-p", path, "--check", "--strict"]).status == 0)
  }

  @Test func buildStopsBeforeArchivingAnInvalidPlugin() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let config = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    try config.replacingOccurrences(of: "method: task", with: "method: jobs").write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let (r, json) = try f.buildJSON(plugin)
    #expect(r.status == 1)
    #expect(json.stageStatuses["schema"] == "ran" && json.stageStatuses["validate"] == "failed" && json.stageStatuses["archive"] == "skipped")
    let human = f.synapse(["build", "-p", plugin])
    #expect(human.stderr.contains("error: config.yaml:11:13: actions.greet.method: \"jobs\" is not one of job, task, serve, restapi"))
  }

  /// A new config with an empty actions mapping is invalid for a build, and exactly what
  /// update-config fills in.
  @Test func updateConfigFillsAnEmptyActionsMapping() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let config = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    let empty = String(config[..<config.range(of: "actions:")!.lowerBound]) + "actions: {}  # filled by update-config\n"
    try empty.write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    #expect(f.synapse(["plugin", "validate", "-p", plugin]).stderr.contains("actions: must define at least one action"))
    let r = f.synapse(["plugin", "update-config", "-p", plugin])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("  greet: entrypoint=plugin.main.GreetAction"))
    #expect(f.synapse(["plugin", "validate", "-p", plugin]).status == 0)
    // Other schema errors still block the edit.
    try (empty.replacingOccurrences(of: "category: custom", with: "category: vision")).write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let blocked = f.synapse(["plugin", "update-config", "-p", plugin])
    #expect(blocked.status == 1)
    #expect(blocked.stderr.contains("category"))
  }

  @Test func tabsGetAHint() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    try Data(contentsOf: URL(fileURLWithPath: Fixtures.packageRoot + "/Tests/Corpus/configs/tabs-indent.yaml"))
      .write(to: URL(fileURLWithPath: plugin + "/config.yaml"))
    let r = f.synapse(["plugin", "validate", "-p", plugin])
    #expect(r.stderr.contains("error: config.yaml:6:1: found character that cannot start any token (while scanning for the next token); YAML does not allow tabs for indentation, use spaces"))
  }

  @Test func validateChecksEntrypointsAgainstTheCode() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let config = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    try (config + "  helper:\n    entrypoint: plugin.main:GreetParams\n  gone:\n    entrypoint: plugin.nothere.X\n  missing:\n    entrypoint: plugin.main.Nope\n")
      .write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    try "pydantic>=2\nnumpy=>1\n".write(toFile: plugin + "/requirements.txt", atomically: true, encoding: .utf8)
    let r = f.synapse(["plugin", "validate", "-p", plugin])
    #expect(r.status == 1)
    let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
    // A class that is no action still names something: a warning, not an error.
    let warnings = r.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
    #expect(warnings.contains { $0.contains("actions.helper.entrypoint: GreetParams in plugin/main.py is a plain class, not an action") })
    #expect(!errors.contains { $0.contains("actions.helper") })
    #expect(errors.contains { $0.contains("actions.gone.entrypoint: module plugin.nothere not found") })
    #expect(errors.contains { $0.contains("actions.missing.entrypoint: plugin/main.py defines no class or function named Nope") })
    #expect(errors.contains { $0 == "error: requirements.txt:2:6: unknown version operator '=>'" })
  }

  /// Broken configs and Python files: each gives positioned diagnostics, never a crash or a
  /// hang, and update-config never modifies a config it reports an error for.
  @Test func brokenCorpusNeverCrashesAndNeverModifies() throws {
    let corpus = Fixtures.packageRoot + "/Tests/Corpus"
    let configs = try FileManager.default.contentsOfDirectory(atPath: corpus + "/configs").sorted()
    let pythons = try FileManager.default.contentsOfDirectory(atPath: corpus + "/python").sorted()
    #expect(configs.count + pythons.count >= 40)
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let positioned = #/^(error|warning): (config\.yaml|requirements\.txt|plugin/[^:]+)(:\d+:\d+)?: .+/#
    func checkDiagnostics(_ r: ProcessResult, _ name: String) {
      #expect(r.status == 0 || r.status == 1, "\(name): exit \(r.status) \(r.stderr)")
      for line in r.stderr.split(separator: "\n") {
        #expect(line.wholeMatch(of: positioned) != nil, "\(name): unpositioned diagnostic '\(line)'")
      }
    }
    let original = try Data(contentsOf: URL(fileURLWithPath: plugin + "/config.yaml"))
    var big = Data("name: big\ncode: big\nversion: '1'\ncategory: custom\nactions: {}\ndescription: ".utf8)
    big.append(Data(repeating: UInt8(ascii: "x"), count: 10 << 20))
    big.append(Data("\n".utf8))
    let cases: [(String, Data)] = try configs.map { ($0, try Data(contentsOf: URL(fileURLWithPath: corpus + "/configs/" + $0))) } + [("10mb-scalar.yaml", big)]
    for (name, bytes) in cases {
      try bytes.write(to: URL(fileURLWithPath: plugin + "/config.yaml"))
      let validate = f.synapse(["plugin", "validate", "-p", plugin])
      checkDiagnostics(validate, name)
      let update = f.synapse(["plugin", "update-config", "-p", plugin])
      #expect(update.status == 0 || update.status == 1, "\(name): update-config exit \(update.status)")
      if update.status != 0 {
        #expect(try Data(contentsOf: URL(fileURLWithPath: plugin + "/config.yaml")) == bytes, "\(name): modified on error")
      }
    }
    try original.write(to: URL(fileURLWithPath: plugin + "/config.yaml"))
    for name in pythons {
      let target = plugin + "/plugin/" + name
      try Data(contentsOf: URL(fileURLWithPath: corpus + "/python/" + name)).write(to: URL(fileURLWithPath: target))
      checkDiagnostics(f.synapse(["plugin", "validate", "-p", plugin]), name)
      try FileManager.default.removeItem(atPath: target)
    }
  }
}

@Suite struct CLIValidateOutputTests {
  @Test func validPluginSaysSo() throws {
    let f = CLIFixture()
    let r = f.synapse(["plugin", "validate", "-p", try f.examplePlugin()])
    #expect(r.status == 0)
    #expect(r.stdout == "config.yaml is valid (1 action)\n")
    #expect(r.stderr.isEmpty)
  }
}
