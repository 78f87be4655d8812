import Discovery
import FoundationEssentials
import Hashing
import Pipeline
import PythonSource

/// Finds the plugin's actions by reading its Python source, never importing it.
///
/// Reads the `.py` files of the files stage's manifest (so the ignore rules apply and the
/// tree is walked once per build) and scans each into a summary. Summaries are kept per
/// file digest in the stage's output; a rerun after an edit reuses them for every file
/// that did not change, so one edited module costs one scan.
public struct DiscoverStage: Stage {
  public static let stageName = "discover"

  public init() {}

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var inputs: [StageInput] {
    [.stage(FilesStage.stageName), .value(name: "scanner", value: String(PythonModuleSummary.formatVersion))]
  }

  public func run(_ context: StageContext) throws {
    let manifestBytes = try context.readBlob(FilesStage.stageName, "manifest")
    guard let manifest = manifestBytes.withUnsafeBytes({ FileManifest(utf8: $0) }) else {
      throw PipelineError.missingOutput(stage: FilesStage.stageName, output: "manifest")
    }
    var previous: [String: PythonModuleSummary] = [:]
    if let bytes = context.readPreviousBlob("summaries"),
      let decoded = try? JSONDecoder().decode([String: PythonModuleSummary].self, from: Data(bytes))
    {
      previous = decoded
    }
    var summaries: [String: PythonModuleSummary] = [:]
    var modules: [(path: String, summary: PythonModuleSummary)] = []
    let pythonFiles = manifest.entries.map(\.path).filter { $0.hasSuffix(".py") }
    for entry in manifest.entries where PythonFileSelection.includes(entry.path) {
      // The scanner's format version is part of the key, so summaries written by another
      // version of the scanner are never reused.
      let key = "\(PythonModuleSummary.formatVersion):\(entry.digest.hex)"
      let summary: PythonModuleSummary
      if let reused = previous[key] {
        summary = reused
      } else {
        let bytes = try FileSystem.readFile(FilePath.join(context.workspace, entry.source))
        guard SHA256.hash(bytes: bytes) == entry.digest else {
          throw PipelineError.fileChangedDuringBuild(path: FilePath.join(context.workspace, entry.source))
        }
        summary = PythonModuleSummary.scan(bytes)
      }
      summaries[key] = summary
      modules.append((path: entry.path, summary: summary))
    }
    var report = DiscoveryAdapter.report(modules: modules)
    report.pythonFiles = pythonFiles
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try context.setAuxiliaryBlob("summaries", Array(try encoder.encode(summaries)))
    context.setText("report", String(decoding: try encoder.encode(report), as: UTF8.self))
  }
}
