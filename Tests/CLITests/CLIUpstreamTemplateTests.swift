import Archive
import Foundation
import Hashing
import TestSupport
import Testing
import YAML

/// Plugins written the way upstream's eight templates are (``UpstreamStylePlugin``) go
/// through validate, update-config --check, build, a dry run and a real publish to the test
/// backend: every command exits 0, entrypoints naming a plain class or a function are
/// warnings (errors with --strict, same text), the release's `config` JSON has dot-form
/// entrypoints and agrees with the archived config.yaml, which is the synced one, and the
/// plugin's files are byte-identical afterwards.
@Suite struct CLIUpstreamTemplateTests {
  /// Every file under `root` with the SHA-256 of its bytes and its mode.
  static func treeHash(_ root: String) -> [String: String] {
    var out: [String: String] = [:]
    let fm = FileManager.default
    for case let rel as String in fm.enumerator(atPath: root) ?? NSEnumerator() {
      let path = root + "/" + rel
      var isDirectory: ObjCBool = false
      _ = fm.fileExists(atPath: path, isDirectory: &isDirectory)
      let mode = (try? fm.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
      if isDirectory.boolValue {
        out[rel + "/"] = String(mode, radix: 8)
      } else if let data = fm.contents(atPath: path) {
        out[rel] = SHA256.hash(bytes: Array(data)).hex + " " + String(mode, radix: 8)
      }
    }
    return out
  }

  static func lines(_ text: String, prefix: String) -> [String] {
    text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }.map {
      String($0.dropFirst(prefix.count))
    }
  }

  /// Each action's fields the JSON and the archived file share.
  static func actionFields(_ value: YAMLValue?) -> [String: [String: String]] {
    guard case .mapping(let actions)? = value else { return [:] }
    var out: [String: [String: String]] = [:]
    for (name, action) in actions {
      var fields: [String: String] = ["method": "task"]
      for key in ["entrypoint", "method", "input_type", "output_type"] {
        if case .string(let text)? = action[key] { fields[key] = text }
      }
      out[name] = fields
    }
    return out
  }

  static func jsonActionFields(_ object: [String: Any]) -> [String: [String: String]] {
    var out: [String: [String: String]] = [:]
    for (name, value) in object["actions"] as? [String: [String: Any]] ?? [:] {
      var fields: [String: String] = [:]
      for key in ["entrypoint", "method", "input_type", "output_type"] {
        if let text = value[key] as? String { fields[key] = text }
      }
      out[name] = fields
    }
    return out
  }

  @Test(arguments: UpstreamStylePlugin.allCases)
  func validatesBuildsAndPublishesAsUpstreamWould(template: UpstreamStylePlugin) throws {
    let fixture = CLIFixture()
    let home = TemporaryDirectory("home")
    let plugin = template.write(in: fixture.scratch, at: template.code)
    let before = Self.treeHash(plugin)
    let env = ["HOME": home.path]

    // validate: exit 0; each plain class or function is a warning saying why.
    let validate = fixture.synapse(["plugin", "validate", "-p", plugin], environment: env)
    #expect(validate.status == 0, "\(validate.stderr)")
    #expect(
      validate.stdout
        == "config.yaml is valid (\(template.actions.count) action\(template.actions.count == 1 ? "" : "s"))\n")
    let warnings = Self.lines(validate.stderr, prefix: "warning: ")
    #expect(!validate.stderr.contains("error:"))
    for name in template.undispatchable {
      #expect(
        warnings.contains {
          $0.contains("actions.\(name).entrypoint: ") && $0.contains("the platform may not be able to run it")
        },
        "\(warnings)")
    }
    #expect(
      warnings.filter { $0.contains("the platform may not be able to run it") }.count == template.undispatchable.count)

    // --strict: the same text as errors, exit 1; with nothing to say, still exit 0.
    let strict = fixture.synapse(["plugin", "validate", "-p", plugin, "--strict"], environment: env)
    #expect(strict.status == (warnings.isEmpty ? 0 : 1))
    #expect(Self.lines(strict.stderr, prefix: "error: ") == warnings)
    #expect(Self.lines(strict.stderr, prefix: "warning: ").isEmpty)

    // update-config --check passes: upstream's output only leaves out what the code adds
    // (the archive carries it); --strict fails exactly when validate said it was out of date.
    let outOfDate = warnings.contains { $0.contains("run synapse plugin update-config") }
    let check = fixture.synapse(["plugin", "update-config", "--check", "-p", plugin], environment: env)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(!check.stderr.contains("error:"))
    let strictCheck = fixture.synapse(["plugin", "update-config", "--check", "--strict", "-p", plugin], environment: env)
    #expect(strictCheck.status == (outOfDate ? 1 : 0), "\(strictCheck.stdout)\(strictCheck.stderr)")

    // build: exit 0; --strict fails with the same messages and copies nothing.
    let build = fixture.synapse(["build", "-p", plugin], environment: env)
    #expect(build.status == 0, "\(build.stderr)")
    let strictBuild = fixture.synapse(
      ["build", "-p", plugin, "--strict", "-o", fixture.scratch.url("out.zip")], environment: env)
    #expect(strictBuild.status == (warnings.isEmpty ? 0 : 1))
    #expect(Self.lines(strictBuild.stderr, prefix: "error: ") == warnings)
    #expect(FileManager.default.fileExists(atPath: fixture.scratch.url("out.zip")) == warnings.isEmpty)
    try? FileManager.default.removeItem(atPath: fixture.scratch.url("out.zip"))

    // The dry run: dot-form entrypoints, and the config listed as synced when the code adds to it.
    let dry = fixture.synapse(["plugin", "publish", "-p", plugin, "--dry-run", "--json"], environment: env)
    #expect(dry.status == 0, "\(dry.stderr)")
    let dryObject = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
    let configText = try #require(dryObject["config"] as? String)
    let config = try #require(try JSONSerialization.jsonObject(with: Data(configText.utf8)) as? [String: Any])
    let sent = Self.jsonActionFields(config)
    #expect(Set(sent.keys) == Set(template.actions.map(\.name)))
    for action in template.actions {
      #expect(sent[action.name]?["entrypoint"] == action.entrypoint)
      #expect(sent[action.name]?["entrypoint"]?.contains(":") == false)
    }
    let files = try #require(dryObject["files"] as? [[String: Any]])
    let configEntry = try #require(files.first { $0["path"] as? String == "config.yaml" })
    #expect((configEntry["synced"] as? Bool ?? false) == outOfDate)
    #expect(!files.contains { ($0["path"] as? String)?.hasPrefix(".git") == true })
    let human = fixture.synapse(["plugin", "publish", "-p", plugin, "--dry-run"], environment: env)
    #expect(human.status == 0)
    #expect(human.stdout.contains("  config.yaml  (synced from the code)\n") == outOfDate)

    // A real publish to the test backend sends what the dry run showed.
    let server = try BackendServer(token: "tpl-token")
    let publish = fixture.synapse(
      ["plugin", "publish", "-p", plugin, "-y"],
      environment: env.merging(["SYNAPSE_HOST": server.baseURL, "SYNAPSE_ACCESS_TOKEN": "tpl-token"]) { $1 })
    #expect(publish.status == 0, "\(publish.stderr)")
    let release = try #require(server.releases().first)
    #expect(release["plugin"] as? String == template.code)
    let releaseConfig = try #require(release["config"] as? [String: Any])
    #expect(Self.jsonActionFields(releaseConfig) == sent)

    // The archive's config.yaml is what update-config writes (on a copy), and it agrees
    // with the JSON on every action, entrypoint, method and type.
    let id = try #require(release["id"] as? Int)
    let zip = server.stateDirectory.url("releases/\(id).zip")
    let archived = try #require(try ZipReader.contents(atPath: zip).first { $0.path == "config.yaml" }).bytes
    let copy = fixture.scratch.url("copy")
    try Fixtures.copyTree(plugin, to: copy)
    let update = fixture.synapse(["plugin", "update-config", "-p", copy], environment: env)
    #expect(update.status == 0, "\(update.stderr)")
    #expect(archived == Array(try #require(FileManager.default.contents(atPath: copy + "/config.yaml"))))
    #expect(Self.actionFields(try YAMLParser.parse(archived)?.value["actions"]) == sent)
    #expect(!(try ZipReader.entries(atPath: zip)).contains { $0.path == "_synapse_entrypoint.py" })

    // Nothing in the plugin was written, renamed or added.
    #expect(Self.treeHash(plugin) == before)
  }

  /// The forms upstream still reads, in a user's file: `module:Class`, a legacy string and a
  /// leftover `_synapse_entrypoint.py`. The file keeps them; what is sent and archived is in
  /// dot form, with the legacy action as a mapping; with --strict nothing is sent.
  @Test func colonFormAndLegacyStringsAreSentInDotFormAndLeftInTheFile() throws {
    let fixture = CLIFixture()
    let home = TemporaryDirectory("home")
    let plugin = UpstreamStylePlugin.export.write(in: fixture.scratch, at: "forms")
    let config = """
      name: Forms
      code: forms
      version: 0.1.0
      category: export
      actions:
        export: plugin.export.Exporter   # legacy form
        main:
          entrypoint: plugin.main:run
          method: task

      """
    fixture.scratch.write("forms/config.yaml", config)
    fixture.scratch.write("forms/plugin/main.py", "def run(**kwargs):\n    return kwargs\n")
    fixture.scratch.write("forms/_synapse_entrypoint.py", "from plugin.export import Exporter\n")
    let before = Self.treeHash(plugin)
    let server = try BackendServer(token: "forms-token")
    let env = ["HOME": home.path, "SYNAPSE_HOST": server.baseURL, "SYNAPSE_ACCESS_TOKEN": "forms-token"]

    let validate = fixture.synapse(["plugin", "validate", "-p", plugin], environment: env)
    #expect(validate.status == 0, "\(validate.stderr)")
    let warnings = Self.lines(validate.stderr, prefix: "warning: ")
    #expect(
      warnings.contains { $0.hasPrefix("config.yaml:6:3: actions.export: is written as a string, the legacy form") })
    #expect(warnings.contains { $0.hasPrefix("_synapse_entrypoint.py: left over from an older synapse-sdk") })
    #expect(
      warnings.contains {
        $0.hasPrefix("config.yaml:8:17: actions.main.entrypoint: run in plugin/main.py is a function")
      })

    let strict = fixture.synapse(["plugin", "publish", "-p", plugin, "-y", "--strict"], environment: env)
    #expect(strict.status == 1)
    #expect(Self.lines(strict.stderr, prefix: "error: ") == warnings)
    #expect(server.releases().isEmpty)

    let publish = fixture.synapse(["plugin", "publish", "-p", plugin, "-y"], environment: env)
    #expect(publish.status == 0, "\(publish.stderr)")
    let release = try #require(server.releases().first)
    let sent = Self.jsonActionFields(try #require(release["config"] as? [String: Any]))
    #expect(
      sent == [
        "export": ["entrypoint": "plugin.export.Exporter", "method": "task"],
        "main": ["entrypoint": "plugin.main.run", "method": "task"],
      ])
    let zip = server.stateDirectory.url("releases/\(try #require(release["id"] as? Int)).zip")
    let contents = try ZipReader.contents(atPath: zip)
    let archived = String(decoding: try #require(contents.first { $0.path == "config.yaml" }).bytes, as: UTF8.self)
    #expect(
      archived
        == config
        .replacingOccurrences(
          of: "  export: plugin.export.Exporter   # legacy form\n",
          with: "  export:\n    entrypoint: plugin.export.Exporter   # legacy form\n"
        )
        .replacingOccurrences(of: "plugin.main:run", with: "plugin.main.run"))
    #expect(!contents.contains { $0.path == "_synapse_entrypoint.py" })
    #expect(Self.treeHash(plugin) == before)

    // update-config writes the mapping and keeps the colon form.
    let update = fixture.synapse(["plugin", "update-config", "-p", plugin], environment: env)
    #expect(update.status == 0, "\(update.stderr)")
    let written = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    #expect(written.contains("  export:\n    entrypoint: plugin.export.Exporter   # legacy form\n"))
    #expect(written.contains("entrypoint: plugin.main:run\n"))
  }
}
