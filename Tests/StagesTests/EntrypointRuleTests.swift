import Archive
import Foundation
import Pipeline
import Stages
import TestSupport
import Testing

/// What `validate` says about an entrypoint, through the real stages (discovery reads the
/// code): naming nothing is an error; naming something the platform's workers cannot
/// `dispatch` (a plain class, a function) is a warning; an action class is fine.
@Suite struct EntrypointRuleTests {
  func validate(_ dir: TemporaryDirectory) throws -> BuildReport {
    let location = try PluginLocation.resolve(path: dir.path, config: nil)
    return try PluginValidation(location: location).run(
      cache: try CacheDirectory(path: TemporaryDirectory("c").path), jobs: 1)
  }

  func plugin(_ actions: [(name: String, entrypoint: String)], files: [String: String]) -> TemporaryDirectory {
    let dir = TemporaryDirectory("rule")
    var config = "name: Rule\ncode: rule\nversion: 0.1.0\ncategory: custom\nactions:\n"
    for (name, entrypoint) in actions { config += "  \(name):\n    entrypoint: \(entrypoint)\n    method: task\n" }
    dir.write("config.yaml", config)
    dir.write("plugin/__init__.py", "")
    for (path, text) in files { dir.write(path, text) }
    return dir
  }

  static let module = """
    from synapse_sdk.plugins import BaseAction
    from synapse_sdk.plugins.actions.export import BaseExporter


    class Checker:
        def check(self, data):
            return True


    class Shaped(Checker):
        pass


    class Runs(BaseAction):
        action_name = "runs"

        def execute(self):
            return {}


    class Exports(BaseExporter):
        pass


    def go(**kwargs):
        return kwargs

    """

  @Test(arguments: [
    ("plugin.tools.Checker", "Checker in plugin/tools.py is a plain class, not an action"),
    ("plugin.tools:Shaped", "Shaped in plugin/tools.py is a plain class, not an action"),
    ("plugin.tools.go", "go in plugin/tools.py is a function, not an action class"),
  ])
  func namingWhatCannotBeDispatchedIsAWarning(entrypoint: String, says: String) throws {
    let dir = plugin([("work", entrypoint)], files: ["plugin/tools.py": Self.module])
    let report = try validate(dir)
    #expect(report.succeeded, "\(report.stages.compactMap(\.error))")
    let warnings = report.stage("validate")?.warnings ?? []
    let warning = try #require(warnings.first { $0.contains("actions.work.entrypoint") }, "\(warnings)")
    #expect(warning.hasPrefix("config.yaml:7:17: actions.work.entrypoint: \(says)"))
    #expect(
      warning.contains(".dispatch(params, context)") && warning.contains("the platform may not be able to run it"))
  }

  @Test(arguments: ["plugin.tools.Runs", "plugin.tools:Exports"])
  func actionsAndSDKDerivedClassesPassQuietly(entrypoint: String) throws {
    let dir = plugin([("work", entrypoint)], files: ["plugin/tools.py": Self.module])
    let report = try validate(dir)
    #expect(report.succeeded)
    #expect(!(report.stage("validate")?.warnings ?? []).contains { $0.contains("actions.work.entrypoint") })
  }

  @Test(arguments: [
    (
      "plugin.missing.Checker",
      "config.yaml:7:17: actions.work.entrypoint: module plugin.missing not found (no plugin/missing.py in the plugin)"
    ),
    (
      "plugin.tools.Nothing",
      "config.yaml:7:17: actions.work.entrypoint: plugin/tools.py defines no class or function named Nothing"
    ),
  ])
  func namingNothingIsAnError(entrypoint: String, error: String) throws {
    let dir = plugin([("work", entrypoint)], files: ["plugin/tools.py": Self.module])
    let report = try validate(dir)
    #expect(!report.succeeded)
    #expect(report.stage("validate")?.error == error)
  }

  /// A module that mentions no class is only looked at, not scanned: its functions still count.
  @Test func aFunctionInAModuleWithoutClassesIsAWarningToo() throws {
    let dir = plugin([("main", "plugin.main.run")], files: ["plugin/main.py": "def run(**kwargs):\n    return {}\n"])
    let report = try validate(dir)
    #expect(report.succeeded)
    #expect((report.stage("validate")?.warnings ?? []).contains { $0.contains("run in plugin/main.py is a function") })
  }

  @Test func aLegacyStringIsCheckedLikeAMapping() throws {
    let dir = TemporaryDirectory("legacy")
    dir.write(
      "config.yaml", "name: L\ncode: l\nversion: 0.1.0\ncategory: export\nactions:\n  export: plugin.tools.Missing\n")
    dir.write("plugin/__init__.py", "")
    dir.write("plugin/tools.py", Self.module)
    let failed = try validate(dir)
    #expect(
      failed.stage("validate")?.error
        == "config.yaml:6:11: actions.export.entrypoint: plugin/tools.py defines no class or function named Missing")
    dir.write(
      "config.yaml", "name: L\ncode: l\nversion: 0.1.0\ncategory: export\nactions:\n  export: plugin.tools.Exports\n")
    let passed = try validate(dir)
    #expect(passed.succeeded)
    #expect(
      passed.stage("schema")?.warnings == [
        "config.yaml:6:3: actions.export: is written as a string, the legacy form of an action, which the Synapse SDK's parser drops; run synapse plugin update-config to write it as a mapping with an entrypoint"
      ])
  }

  @Test func aLeftoverEntrypointFileIsAWarningAndNeverArchived() throws {
    let dir = plugin([("work", "plugin.tools.Runs")], files: ["plugin/tools.py": Self.module])
    dir.write("_synapse_entrypoint.py", "from plugin.tools import Runs\n")
    dir.write("sub/_synapse_entrypoint.py", "# an ordinary file deeper down\n")
    // Even a rule that re-includes it does not bring it back.
    dir.write(".synapseignore", "!_synapse_entrypoint.py\n")
    let location = try PluginLocation.resolve(path: dir.path, config: nil)
    let (report, artifact) = try PluginBuild(location: location, sourceDateEpoch: nil)
      .run(cache: try CacheDirectory(path: TemporaryDirectory("c").path), jobs: 1)
    #expect(report.succeeded)
    #expect(
      (report.stage("validate")?.warnings ?? []).contains {
        $0.hasPrefix("_synapse_entrypoint.py: left over from an older synapse-sdk")
      })
    let paths = try ZipReader.entries(atPath: try #require(artifact).archivePath).map(\.path)
    #expect(!paths.contains("_synapse_entrypoint.py"))
    #expect(paths.contains("sub/_synapse_entrypoint.py"))
  }
}
