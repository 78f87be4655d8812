import Discovery
import FoundationEssentials
import Hashing
import Pipeline
import PythonSource

/// Finds the plugin's actions by reading its Python source, never importing it.
///
/// Reads the `.py` files of the files stage's manifest (so the ignore rules apply and the
/// tree is walked once per build). Files that mention `class`, package `__init__` files, and
/// any plugin module a scanned file imports from are scanned in full; the rest get a
/// byte-level look (``PythonPrefilter``). Both results are kept per file digest for the
/// stage's next run, so after an edit only the edited file is read again.
public struct DiscoverStage: Stage {
  public static let stageName = "discover"

  public init() {}

  public var name: String { Self.stageName }
  public var version: Int { 5 }
  public var inputs: [StageInput] {
    [.stage(FilesStage.stageName), .value(name: "scanner", value: String(PythonModuleSummary.formatVersion))]
  }

  public func run(_ context: StageContext) throws {
    let manifestBytes = try context.readBlob(FilesStage.stageName, "manifest")
    guard let manifest = manifestBytes.withUnsafeBytes({ FileManifest(utf8: $0) }) else {
      throw PipelineError.missingOutput(stage: FilesStage.stageName, output: "manifest")
    }
    // Caches from the previous run, keyed by file digest (and the scanner's format version).
    let previousPrefilter = context.readPreviousBlob("prefilter").map(PythonPrefilter.parse) ?? [:]
    var previousSummaries: [String: PythonModuleSummary] = [:]
    if let bytes = context.readPreviousBlob("summaries"),
      let decoded = try? JSONDecoder().decode([String: PythonModuleSummary].self, from: Data(bytes))
    {
      previousSummaries = decoded
    }

    let entries = manifest.entries.filter { PythonFileSelection.includes($0.path) }
    let moduleNames = entries.map { PythonFileSelection.moduleName($0.path) }
    let byModule = Dictionary(zip(moduleNames, entries), uniquingKeysWith: { a, _ in a })
    var prefilters: [Digest: PythonPrefilter] = [:]
    prefilters.reserveCapacity(entries.count)
    var pending: [FileManifest.Entry] = []
    for entry in entries {
      let key = entry.digest
      let prefilter: PythonPrefilter
      if let cached = previousPrefilter[key] {
        prefilter = cached
      } else {
        prefilter = PythonPrefilter(try read(entry, context))
      }
      prefilters[key] = prefilter
      if prefilter.mentionsClass || entry.path.hasSuffix("__init__.py") { pending.append(entry) }
    }

    // Scan what can define classes, then follow imports to plugin modules (re-exports).
    var summaries: [String: PythonModuleSummary] = [:]
    var scanned: [String: PythonModuleSummary] = [:]
    while let entry = pending.popLast() {
      guard scanned[entry.path] == nil else { continue }
      let key = "\(PythonModuleSummary.formatVersion):\(entry.digest.hex)"
      let summary = try previousSummaries[key] ?? PythonModuleSummary.scan(read(entry, context))
      summaries[key] = summary
      scanned[entry.path] = summary
      for target in Self.importedModules(
        summary, from: PythonFileSelection.moduleName(entry.path), isPackage: entry.path.hasSuffix("__init__.py"))
      {
        if let next = byModule[target], scanned[next.path] == nil { pending.append(next) }
      }
    }
    let modules = entries.compactMap { e in scanned[e.path].map { (path: e.path, summary: $0) } }
    let report = DiscoveryAdapter.report(modules: modules)
    // The two large parts are plain text blobs: thousands of lines written byte by byte,
    // rather than escaped through the JSON encoder.
    var plain: [UInt8] = []
    for (entry, module) in zip(entries, moduleNames) where scanned[entry.path] == nil {
      plain += Array(module.utf8) + [0x09] + Array(entry.path.utf8) + [0x09]
      plain += Array((prefilters[entry.digest]?.functions ?? []).joined(separator: ",").utf8)
      plain.append(0x0A)
    }
    var files: [UInt8] = []
    for entry in manifest.entries where entry.path.hasSuffix(".py") { files += Array(entry.path.utf8) + [0x0A] }
    var cache: [UInt8] = []
    cache.reserveCapacity(prefilters.count * 90)
    for entry in entries { prefilters[entry.digest]?.appendLine(digest: entry.digest, to: &cache) }

    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Blobs, not inline text: the action-cache entry every null build reads stays small.
    try context.setBlob("report", Array(try encoder.encode(report)))
    try context.setBlob("plain-modules", plain)
    try context.setBlob("python-files", files)
    try context.setAuxiliaryBlob("summaries", Array(try encoder.encode(summaries)))
    try context.setAuxiliaryBlob("prefilter", cache)
  }

  /// The file's bytes, checked against the digest the manifest recorded.
  private func read(_ entry: FileManifest.Entry, _ context: StageContext) throws -> [UInt8] {
    // The files stage lists workspace files only.
    guard case .workspace(let source) = entry.source else {
      throw PipelineError.missingOutput(stage: FilesStage.stageName, output: entry.path)
    }
    let path = FilePath.join(context.workspace, source)
    let bytes = try FileSystem.readFile(path)
    guard SHA256.hash(bytes: bytes) == entry.digest else { throw PipelineError.fileChangedDuringBuild(path: path) }
    return bytes
  }

  /// Absolute module names a summary imports from (relative imports resolved against the
  /// importing module), including `from pkg import sub` submodules.
  static func importedModules(_ summary: PythonModuleSummary, from module: String, isPackage: Bool) -> [String] {
    var out: [String] = []
    let parts = module.split(separator: ".").map(String.init)
    for imp in summary.imports {
      var base: [String]
      if imp.level > 0 {
        let packageParts = isPackage ? parts : Array(parts.dropLast())
        guard imp.level - 1 <= packageParts.count else { continue }
        base = Array(packageParts.dropLast(imp.level - 1))
      } else {
        base = []
      }
      if let m = imp.module, !m.isEmpty { base += m.split(separator: ".").map(String.init) }
      let target = base.joined(separator: ".")
      if !target.isEmpty { out.append(target) }
      if imp.kind == .from {
        for name in imp.names where name.name != "*" {
          out.append(target.isEmpty ? name.name : target + "." + name.name)
        }
      } else {
        for name in imp.names { out.append(name.name) }
      }
    }
    return out
  }
}
