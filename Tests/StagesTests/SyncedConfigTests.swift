import Archive
import Foundation
import Hashing
import Pipeline
import Stages
import TestSupport
import Testing
import YAML

/// The config.yaml the archive carries: derived in the build from the file and the code,
/// what update-config would write with dot-form entrypoints, read from the content store,
/// consistent with the `config` JSON, and never written into the plugin.
@Suite struct SyncedConfigTests {
  static let config = """
    # written by hand
    name: Synced
    code: synced
    version: 0.1.0
    category: neural_net
    data_type: image
    actions:
      train:
        entrypoint: plugin.train:TrainAction   # colon form, kept in the file
      check: plugin.check.Checker

    """

  static let train = """
    from pydantic import BaseModel, Field
    from synapse_sdk.plugins.actions.train import BaseTrainAction, BaseTrainParams
    from synapse_sdk.plugins.types import ModelWeights


    class TrainParams(BaseTrainParams):
        epochs: int = Field(default=5, ge=1, description="Epochs")


    class TrainAction(BaseTrainAction[TrainParams]):
        action_name = "train"
        output_type = ModelWeights

        def execute(self, data_path, checkpoint):
            return {}

    """

  func plugin() -> TemporaryDirectory {
    let dir = TemporaryDirectory("synced")
    dir.write("config.yaml", Self.config)
    dir.write("plugin/__init__.py", "")
    dir.write("plugin/train.py", Self.train)
    dir.write("plugin/check.py", "class Checker:\n    pass\n")
    return dir
  }

  func publish(_ dir: TemporaryDirectory, cache: String) throws -> (BuildReport, PluginPublish.Outcome) {
    let build = PluginBuild(location: try PluginLocation.resolve(path: dir.path, config: nil), sourceDateEpoch: nil)
    let (report, outcome) = try PluginPublish(build: build, upload: nil).run(
      cache: try CacheDirectory(path: cache), jobs: 2)
    return (report, try #require(outcome, "\(report.stages.compactMap(\.error))"))
  }

  func archivedConfig(_ outcome: PluginPublish.Outcome) throws -> [UInt8] {
    try #require(try ZipReader.contents(atPath: outcome.artifact.archivePath).first { $0.path == "config.yaml" }).bytes
  }

  @Test func deriveIsUpdateConfigsEditsInDotForm() throws {
    let source = Array(Self.config.utf8)
    let root = try #require(try YAMLParser.parse(source))
    let spec = ActionSpec(name: "train", entrypoint: "plugin.train.TrainAction", outputType: "model_weights")
    let synced = String(decoding: try SyncedConfig.derive(source: source, root: root, specs: [spec]), as: UTF8.self)
    #expect(
      synced == """
        # written by hand
        name: Synced
        code: synced
        version: 0.1.0
        category: neural_net
        data_type: image
        actions:
          train:
            entrypoint: plugin.train.TrainAction   # colon form, kept in the file
            method: job
            output_type: model_weights
          check:
            entrypoint: plugin.check.Checker

        """)
    // A config in sync is its own synced form, byte for byte.
    let again = try SyncedConfig.derive(
      source: Array(synced.utf8), root: try #require(try YAMLParser.parse(Array(synced.utf8))), specs: [spec])
    #expect(again == Array(synced.utf8))
  }

  @Test func theArchiveCarriesTheSyncedConfigAndThePluginIsUntouched() throws {
    let dir = plugin()
    let cache = TemporaryDirectory("c")
    let (report, outcome) = try publish(dir, cache: cache.path)
    #expect(report.succeeded)
    #expect(dir.read("config.yaml") == Array(Self.config.utf8))
    let archived = String(decoding: try archivedConfig(outcome), as: UTF8.self)
    #expect(archived.contains("# written by hand\n"))
    #expect(
      archived.contains(
        "    entrypoint: plugin.train.TrainAction   # colon form, kept in the file\n    method: job\n    output_type: model_weights\n    hyperparameters:\n      train_ui_schemas:\n"
      ))
    #expect(archived.contains("  check:\n    entrypoint: plugin.check.Checker\n"))
    // The listing says which file is the derived one, with the derived size.
    let entry = try #require(outcome.files.first { $0.path == "config.yaml" })
    #expect(entry.synced && entry.size == archived.utf8.count)
    #expect(outcome.files.filter(\.synced).count == 1)
  }

  /// The JSON sent and the archived file agree on every action, entrypoint, method and type.
  @Test func theReleaseConfigAgreesWithTheArchivedConfig() throws {
    let (_, outcome) = try publish(plugin(), cache: TemporaryDirectory("c").path)
    let archived = try #require(try YAMLParser.parse(try archivedConfig(outcome))?.value)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.releaseConfig.utf8)) as? [String: Any])
    let sent = try #require(json["actions"] as? [String: [String: Any]])
    guard case .mapping(let actions)? = archived["actions"] else {
      Issue.record("no actions in the archived config")
      return
    }
    #expect(actions.map(\.key).sorted() == sent.keys.sorted())
    for (name, value) in actions {
      let fields = try #require(sent[name])
      for key in ["entrypoint", "method", "input_type", "output_type"] {
        var written: String?
        if case .string(let text)? = value[key] { written = text }
        if key == "method" { written = written ?? "task" }
        #expect(fields[key] as? String == written, "\(name).\(key)")
      }
    }
    #expect((sent["train"]?["entrypoint"] as? String) == "plugin.train.TrainAction")
    #expect((sent["check"]?["entrypoint"] as? String) == "plugin.check.Checker")
  }

  /// Deterministic, incremental, and free on a null build: an edit elsewhere reuses the
  /// archived config's record, a config edit rebuilds it, and either way the bytes equal a
  /// clean build's.
  @Test func theArchiveStaysDeterministicAndIncremental() throws {
    let dir = plugin()
    let cache = TemporaryDirectory("c")
    let (_, first) = try publish(dir, cache: cache.path)
    let (null, again) = try publish(dir, cache: cache.path)
    #expect(null.count(.ran) == 0)
    #expect(again.artifact == first.artifact)
    for edit in [
      ("README.md", "read me\n"),
      ("config.yaml", Self.config.replacingOccurrences(of: "version: 0.1.0", with: "version: 0.1.1")),
    ] {
      dir.write(edit.0, edit.1)
      let (report, incremental) = try publish(dir, cache: cache.path)
      let (_, clean) = try publish(dir, cache: TemporaryDirectory("clean").path)
      #expect(
        FileManager.default.contents(atPath: incremental.artifact.archivePath)
          == FileManager.default.contents(atPath: clean.artifact.archivePath), "\(edit.0)")
      #expect(Int(report.outputs["archive"]?.text("reused") ?? "0") ?? 0 > 0, "\(edit.0)")
    }
    #expect(
      String(decoding: try archivedConfig(try publish(dir, cache: cache.path).1), as: UTF8.self).contains(
        "version: 0.1.1"))
  }

  /// `-c other.yaml` (or synapse.yaml) is archived, synced, under its own path.
  @Test func anotherConfigFileIsArchivedSyncedUnderItsPath() throws {
    let dir = plugin()
    dir.remove("config.yaml")
    dir.write("deploy/other.yaml", Self.config)
    let location = try PluginLocation.resolve(path: dir.path, config: dir.url("deploy/other.yaml"))
    let build = PluginBuild(location: location, sourceDateEpoch: nil)
    let (report, outcome) = try PluginPublish(build: build, upload: nil).run(
      cache: try CacheDirectory(path: TemporaryDirectory("c").path), jobs: 2)
    let result = try #require(outcome, "\(report.stages.compactMap(\.error))")
    let contents = try ZipReader.contents(atPath: result.artifact.archivePath)
    let archived = String(
      decoding: try #require(contents.first { $0.path == "deploy/other.yaml" }).bytes, as: UTF8.self)
    #expect(archived.contains("entrypoint: plugin.train.TrainAction"))
    #expect(!contents.contains { $0.path == "config.yaml" })
    #expect(result.files.first { $0.path == "deploy/other.yaml" }?.synced == true)
  }

  @Test func aManifestEntryFromTheContentStoreRoundTrips() throws {
    let digest = SHA256.hash(bytes: Array("x".utf8))
    let manifest = FileManifest(entries: [
      FileManifest.Entry(path: "a.py", digest: digest, size: 1, isExecutable: false, source: .workspace("a.py")),
      FileManifest.Entry(path: "config.yaml", digest: digest, size: 1, isExecutable: false, source: .contentStore),
      FileManifest.Entry(path: "link.py", digest: digest, size: 1, isExecutable: true, source: .workspace("real.py")),
    ])
    let parsed = manifest.bytes.withUnsafeBytes { FileManifest(utf8: $0) }
    #expect(parsed == manifest)
  }
}
