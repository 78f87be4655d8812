import Archive
import Foundation
import Pipeline
import Stages
import TestSupport
import Testing

@Suite struct PluginBuildTests {
  func build(_ path: String, cache: String, epoch: String? = nil) throws -> (BuildReport, PluginBuild.Artifact?) {
    let build = PluginBuild(location: try PluginLocation.resolve(path: path, config: nil), sourceDateEpoch: epoch)
    return try build.run(cache: try CacheDirectory(path: cache), jobs: 2)
  }

  @Test func examplePluginBuildsThenIsANullBuild() throws {
    let cache = TemporaryDirectory("cache")
    let (first, artifact) = try build(Fixtures.examplePlugin, cache: cache.path)
    #expect(first.names(.ran) == ["config", "files", "discover", "schema", "validate", "archive", "checksum"])
    let a = try #require(artifact)
    #expect(a.header == PluginHeader(name: "Hello Greeter", code: "hello-greeter", version: "0.1.0"))
    let entries = try ZipReader.entries(atPath: a.archivePath)
    #expect(
      entries.map(\.path) == [
        ".synapseignore", "README.md", "config.yaml", "plugin/__init__.py", "plugin/main.py", "requirements.txt",
      ])
    #expect(a.fileCount == 6)
    let (second, again) = try build(Fixtures.examplePlugin, cache: cache.path)
    #expect(second.count(.ran) == 0)
    #expect(again == artifact)
  }

  @Test func sameContentAtAnotherPathGivesTheSameBytesAndKeys() throws {
    let one = TemporaryDirectory("checkout-one")
    let two = TemporaryDirectory("other-checkout")
    try Fixtures.copyTree(Fixtures.examplePlugin, to: one.url("p"))
    try Fixtures.copyTree(Fixtures.examplePlugin, to: two.url("nested/deeper/p"))
    // Different mtimes and modes that do not matter.
    chmod(two.url("nested/deeper/p/README.md"), 0o600)
    let (r1, a1) = try build(one.url("p"), cache: TemporaryDirectory("c1").path)
    let (r2, a2) = try build(two.url("nested/deeper/p"), cache: TemporaryDirectory("c2").path)
    let x = try #require(a1)
    let y = try #require(a2)
    #expect(x.checksum == y.checksum)
    #expect(FileManager.default.contents(atPath: x.archivePath) == FileManager.default.contents(atPath: y.archivePath))
    #expect(r1.stages.map(\.key) == r2.stages.map(\.key))
  }

  @Test func archiveIsDeterministicAndNormalised() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    dir.write("run.sh", "#!/bin/sh\necho hi\n", executable: true)
    dir.write("wheels/dep-1.0-py3-none-any.whl", bytes: (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    dir.write("docs/héllo.txt", String(repeating: "compressible ", count: 200))
    chmod(dir.url("config.yaml"), 0o600)
    let (_, artifact) = try build(dir.path, cache: TemporaryDirectory("c").path)
    let a = try #require(artifact)
    let entries = try ZipReader.entries(atPath: a.archivePath)
    #expect(entries.map(\.path) == [
      "config.yaml", "docs/héllo.txt", "plugin/__init__.py", "plugin/main.py", "run.sh", "wheels/dep-1.0-py3-none-any.whl",
    ])
    let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
    #expect(byPath["config.yaml"]?.mode == 0o100644)
    #expect(byPath["run.sh"]?.mode == 0o100755)
    #expect(byPath["wheels/dep-1.0-py3-none-any.whl"]?.compression == .store)
    #expect(byPath["docs/héllo.txt"]?.compression == .deflate)
    #expect(Set(entries.map(\.modificationTime)) == [ArchiveStage.defaultTimestamp])
    let python = ProcessRunner.run(
      "python3",
      [
        "-c",
        "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.read('docs/héllo.txt').decode()[:12])",
        a.archivePath,
      ])
    #expect(python.status == 0)
    #expect(python.stdout == "compressible\n")
  }

  @Test func sourceDateEpochSetsTheTimestamp() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    let (_, plain) = try build(dir.path, cache: TemporaryDirectory("c").path)
    let (report, dated) = try build(dir.path, cache: TemporaryDirectory("c").path, epoch: "1700000000")
    #expect(report.stage("files")?.status == .ran)
    let a = try #require(dated)
    #expect(Set(try ZipReader.entries(atPath: a.archivePath).map(\.modificationTime)) == [1_700_000_000])
    #expect(plain?.checksum != dated?.checksum)
  }

  @Test func touchingAFileStopsAtTheFilesStage() throws {
    let dir = TemporaryDirectory()
    try Fixtures.copyTree(Fixtures.examplePlugin, to: dir.url("p"))
    let cache = TemporaryDirectory("c")
    _ = try build(dir.url("p"), cache: cache.path)
    var times = [timespec(tv_sec: 1_900_000_000, tv_nsec: 0), timespec(tv_sec: 1_900_000_000, tv_nsec: 0)]
    utimensat(AT_FDCWD, dir.url("p/plugin/main.py"), &times, 0)
    let (touched, _) = try build(dir.url("p"), cache: cache.path)
    #expect(touched.count(.ran) == 0)
    // A comment changes the file but not what discovery reads from it: validate is cut off.
    let main = String(decoding: dir.read("p/plugin/main.py"), as: UTF8.self)
    dir.write("p/plugin/main.py", main + "# edited\n")
    let (edited, _) = try build(dir.url("p"), cache: cache.path)
    #expect(edited.names(.ran) == ["files", "discover", "archive", "checksum"])
    #expect(edited.stage("files")?.reason.description == "plugin/main.py modified")
    dir.write("p/scratch/notes.txt", "ignored by .synapseignore")
    // An ignored file is not part of the tree at all: the key does not change.
    let (ignored, _) = try build(dir.url("p"), cache: cache.path)
    #expect(ignored.count(.ran) == 0)
  }

  /// Upstream's dry run lists the files it would upload; for its own generated plugins our
  /// archive must hold exactly those files.
  @Test(
    .enabled(if: Fixtures.hasUpstream),
    arguments: [
      "synapse-coco-export-plugin", "synapse-hello-custom-plugin", "synapse-s3-upload-plugin", "synapse-yolov8-plugin",
    ])
  func archiveMatchesUpstreamFileList(plugin: String) throws {
    let root = try #require(Fixtures.upstream)
    let text = try String(contentsOfFile: "\(root)/dry-run/\(plugin).dry-run.txt", encoding: .utf8)
    let listed = text.split(separator: "\n").filter {
      $0.hasPrefix("│ ") && !$0.contains("Code:") && !$0.contains("Category:") && !$0.contains("Actions:")
        && !$0.contains(" v0.") && !$0.contains(" v1.")
    }
    .map { $0.dropFirst(2).replacingOccurrences(of: "│", with: "").trimmingCharacters(in: .whitespaces) }
    #expect(!listed.isEmpty)
    // Built straight from the read-only fixture: the build must not write into the plugin.
    let (report, artifact) = try build("\(root)/pristine/\(plugin)", cache: TemporaryDirectory("c").path)
    #expect(report.succeeded, "\(report.stages.compactMap(\.error))")
    let a = try #require(artifact)
    #expect(try ZipReader.entries(atPath: a.archivePath).map(\.path) == listed)
  }
}
