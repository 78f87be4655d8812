import FoundationEssentials
import Pipeline
import YAML

/// `update-config`: brings config.yaml in line with the code by surgical edits, or with
/// `check` only says what is out of date.
///
/// Discovery runs through the engine (cached per workspace). The file is written only when
/// something changes, atomically, with its permissions kept, and only after the edited text
/// has been parsed again and found to need no further change; any error leaves it untouched.
public struct ConfigUpdate: Sendable {
  public let location: PluginLocation

  public init(location: PluginLocation) {
    self.location = location
  }

  public struct Result: Sendable {
    public let changes: [ConfigSync.ActionChanges]
    public let wrote: Bool
    public let report: BuildReport
    public let warnings: [String]
  }

  public func run(cache: CacheDirectory, jobs: Int, check: Bool) throws -> Result {
    let build = PluginBuild(location: location, sourceDateEpoch: nil)
    let report = try Engine(cache: cache, workspace: location.directory)
      .build(try build.graph(), targets: [SchemaStage.stageName, DiscoverStage.stageName], jobs: jobs)
    if let failed = report.stages.first(where: { $0.status == .failed }), let error = failed.error {
      throw StagesError.stageFailed(error)
    }
    // A config the schema rejects is never edited, unless all it lacks is what the sync
    // writes (actions).
    let blocking = SchemaStage.errors(in: report.outputs[SchemaStage.stageName]).filter {
      !SchemaStage.isFixedBySync($0)
    }
    guard blocking.isEmpty else { throw StagesError.invalidConfig(blocking) }
    let outputs = report.outputs[DiscoverStage.stageName]
    func blob(_ name: String) -> [UInt8] { outputs?.blob(name).flatMap { try? cache.content.read($0.digest) } ?? [] }
    let discovery = DiscoveryReport.decode(
      blob("report"), plainModules: blob("plain-modules"), pythonFiles: blob("python-files"))
    let warnings = report.stages.flatMap(\.warnings) + discovery.diagnostics.map(\.description)

    let path = location.configAbsolutePath
    let source = try FileSystem.readFile(path)
    guard let root = try? YAMLParser.parse(source) else {
      throw StagesError.stageFailed("\(path) changed while update-config was running; run it again")
    }
    let plan = ConfigSync.plan(source: source, root: root, specs: discovery.actions)
    guard !plan.isEmpty else {
      // "Up to date" must not pass a config that validate fails (an entrypoint naming a
      // missing class, a module with a syntax error): --check is what CI and hooks ask.
      if check {
        let validation = try Engine(cache: cache, workspace: location.directory)
          .build(try build.graph(), targets: [ValidateStage.stageName], jobs: jobs)
        if let failed = validation.stages.first(where: { $0.status == .failed }), let error = failed.error {
          throw StagesError.stageFailed(error)
        }
      }
      return Result(changes: [], wrote: false, report: report, warnings: warnings)
    }
    let updated = try YAMLEditor(source: source).apply(plan.edits)
    // The edited file must parse and need nothing more; otherwise the edit is a bug and the
    // user's file is left as it was.
    guard let reparsed = try? YAMLParser.parse(updated),
      ConfigSync.plan(source: updated, root: reparsed, specs: discovery.actions).isEmpty
    else {
      throw StagesError.internalError("update-config produced a file that does not round-trip; \(path) was not changed")
    }
    if check { return Result(changes: plan.changes, wrote: false, report: report, warnings: warnings) }
    guard try FileSystem.readFile(path) == source else {
      throw StagesError.stageFailed("\(path) changed while update-config was running; run it again")
    }
    let mode = (try FileSystem.stat(path).mode) & 0o7777
    try FileSystem.writeAtomically(updated, to: path, mode: mode)
    return Result(changes: plan.changes, wrote: true, report: report, warnings: warnings)
  }
}
