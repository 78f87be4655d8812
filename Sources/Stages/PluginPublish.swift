import FoundationEssentials
import Pipeline

/// The `synapse plugin publish` pipeline: the build's stages, the release description, and
/// (unless it is a dry run) the upload.
public struct PluginPublish: Sendable {
  public let build: PluginBuild
  /// nil for a dry run: the graph stops before anything is sent.
  public let upload: UploadStage?

  public init(build: PluginBuild, upload: UploadStage?) {
    self.build = build
    self.upload = upload
  }

  public var stages: [any Stage] {
    var stages = build.stages
    stages.append(ReleaseConfigStage())
    if let upload { stages.append(upload) }
    return stages
  }

  /// What a publish (or dry run) produced and sent.
  public struct Outcome: Sendable {
    public let artifact: PluginBuild.Artifact
    /// The archive's files and sizes, in archive order; `synced` for the config file when
    /// the archive carries the synced content rather than the file as written.
    public let files: [(path: String, size: Int, synced: Bool)]
    /// The `config` JSON sent (or that would be sent).
    public let releaseConfig: String
    public let category: String
    public let actions: [String]
    /// `published`, `up-to-date` or `cancelled`; nil for a dry run.
    public let status: String?
    public let releaseID: Int?
    /// The backend's reply, when something was sent.
    public let response: String?
  }

  /// - Parameter warningsBlock: `--strict`: a stage that warns stops the publish before
  ///   anything is sent. The build runs first without the upload; only a build with no
  ///   warnings goes on to upload (its stages are then cache hits).
  public func run(
    cache: CacheDirectory, jobs: Int, remote: (any RemoteCache)? = nil, warningsBlock: Bool = false
  ) throws -> (BuildReport, Outcome?) {
    let engine = Engine(cache: cache, workspace: build.location.directory, remote: remote)
    let graph = try Graph(stages)
    if warningsBlock, let upload {
      let gate = try engine.build(graph, targets: stages.map(\.name).filter { $0 != upload.name }, jobs: jobs)
      if !gate.succeeded || gate.stages.contains(where: { !$0.warnings.isEmpty }) { return (gate, nil) }
    }
    let report = try engine.build(graph, jobs: jobs)
    return (report, outcome(from: report, cache: cache))
  }

  func outcome(from report: BuildReport, cache: CacheDirectory) -> Outcome? {
    guard let artifact = build.artifact(from: report, cache: cache),
      let release = report.outputs[ReleaseConfigStage.stageName],
      let config = release.text("config"),
      let entries = report.outputs[ArchiveStage.stageName]?.blob("entries"),
      let bytes = try? cache.content.read(entries.digest),
      let manifest = bytes.withUnsafeBytes({ FileManifest(utf8: $0) })
    else { return nil }
    let uploaded = report.outputs[UploadStage.stageName]
    return Outcome(
      artifact: artifact, files: manifest.entries.map { ($0.path, $0.size, $0.source == .contentStore) },
      releaseConfig: config,
      category: release.text("category") ?? "",
      actions: (release.text("actions") ?? "").split(separator: ",").map(String.init),
      status: uploaded?.text("status"), releaseID: uploaded?.text("release").flatMap { Int($0) },
      response: uploaded?.text("response"))
  }
}
