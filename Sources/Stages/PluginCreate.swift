import Pipeline

/// The `synapse plugin create` pipeline: render (cached) → write (incremental).
public struct PluginCreate: Sendable {
  public let spec: PluginSpec
  /// The directory the plugin directory is created in, absolute.
  public let parent: String
  public let force: Bool

  public init(spec: PluginSpec, parent: String, force: Bool) {
    self.spec = spec
    self.parent = parent
    self.force = force
  }

  public var target: String { FilePath.join(parent, spec.directoryName) }

  public var stages: [any Stage] {
    [ScaffoldStage(spec: spec), ScaffoldWriteStage(target: target, force: force)]
  }

  /// What a create did.
  public struct Outcome: Sendable {
    public let target: String
    /// Plugin-relative paths written (files already identical are not).
    public let written: [String]
    public let unchanged: Int
  }

  /// Checks the spec and the target, then renders and writes. Nothing is written when the
  /// spec is invalid or the target is refused.
  public func run(cache: CacheDirectory) throws -> (BuildReport, Outcome?) {
    let problems = spec.problems()
    guard problems.isEmpty else { throw StagesError.stageFailed(problems.joined(separator: "\n")) }
    try ScaffoldWriteStage.checkTarget(target, force: force)
    try FileSystem.createDirectory(parent)
    let report = try Engine(cache: cache, workspace: parent).build(try Graph(stages), jobs: 1)
    guard report.succeeded, let outputs = report.outputs[ScaffoldWriteStage.stageName] else { return (report, nil) }
    let written = (outputs.text("written") ?? "").split(separator: "\n").map(String.init)
    return (report, Outcome(target: target, written: written, unchanged: Int(outputs.text("unchanged") ?? "") ?? 0))
  }
}
