import FoundationEssentials
import Hashing
import Pipeline

/// The `synapse build` pipeline: config, files → discover, schema → validate (which also derives
/// the synced config.yaml the archive carries) → archive → checksum,
/// and env → test beside the archive when the plugin has tests.
public struct PluginBuild: Sendable {
  public let location: PluginLocation
  public let sourceDateEpoch: String?
  /// The environment and pytest stages, for a plugin with tests (unless `--skip-tests`).
  public let tests: PluginTest?
  /// The git commit the sources come from, named in the archive's comment.
  public let provenance: GitProvenance?

  public init(
    location: PluginLocation, sourceDateEpoch: String?, tests: PluginTest? = nil, provenance: GitProvenance? = nil
  ) {
    self.location = location
    self.sourceDateEpoch = sourceDateEpoch
    self.tests = tests
    self.provenance = provenance
  }

  /// The stages, in declaration order. The tests wait for validation (an invalid plugin is
  /// not tested) but do not read it, and the archive does not wait for the tests: their
  /// keys are `plugin test`'s, and the two run side by side with `-j`.
  public var stages: [any Stage] {
    [
      ConfigStage(configPath: location.configPath),
      FilesStage(),
      DiscoverStage(),
      SchemaStage(configPath: location.configPath),
      ValidateStage(configPath: location.configPath),
    ] + (tests?.stages ?? []) + [
      ArchiveStage(
        sourceDateEpoch: sourceDateEpoch, comment: provenance?.archiveComment, configPath: location.configPath),
      ChecksumStage(),
    ]
  }

  public func graph() throws -> Graph {
    try Graph(stages)
  }

  /// What a successful build produced.
  public struct Artifact: Sendable, Equatable {
    public let header: PluginHeader
    /// The archive in the content store (read-only; copy it out with `-o`).
    public let archivePath: String
    public let fileCount: Int
    public let checksum: ArchiveChecksum
  }

  /// Runs the pipeline.
  /// - Parameter remote: A shared cache asked on local misses and filled after local runs.
  public func run(cache: CacheDirectory, jobs: Int, remote: (any RemoteCache)? = nil) throws -> (BuildReport, Artifact?)
  {
    let engine = Engine(cache: cache, workspace: location.directory, remote: remote)
    let report = try engine.build(try graph(), jobs: jobs)
    return (report, artifact(from: report, cache: cache))
  }

  /// Copies the archive out (`build -o`), hashed on the way (``ContentStore/copy(_:to:)``).
  /// An object that does not match its digest, damaged in a way its stat did not show, is
  /// removed from the store, so the next build writes it again.
  /// - Returns: False, with nothing written, when the object was damaged.
  public static func copyArchive(_ artifact: Artifact, to destination: String, cache: CacheDirectory) throws -> Bool {
    guard let digest = Digest(hex: artifact.checksum.sha256) else {
      throw PipelineError.missingOutput(stage: ArchiveStage.stageName, output: "archive")
    }
    do {
      try cache.content.copy(digest, to: destination)
      return true
    } catch PipelineError.corruptContent {
      cache.content.discard(digest)
      return false
    }
  }

  func artifact(from report: BuildReport, cache: CacheDirectory) -> Artifact? {
    guard report.succeeded,
      let headerText = report.outputs[ConfigStage.stageName]?.text("header"),
      let header = PluginHeader.fromJSON(headerText),
      let archive = report.outputs[ArchiveStage.stageName],
      let blob = archive.blob("archive"),
      let files = archive.text("files").flatMap({ Int($0) }),
      let checksumText = report.outputs[ChecksumStage.stageName]?.text("checksum"),
      let checksum = try? JSONDecoder().decode(ArchiveChecksum.self, from: Data(checksumText.utf8))
    else { return nil }
    return Artifact(
      header: header, archivePath: cache.content.path(for: blob.digest), fileCount: files,
      checksum: checksum)
  }
}
