import Pipeline
import Stages

/// How a publish or dry run is shown: a human summary, or one JSON object.
struct PublishOutput {
  let report: BuildReport
  let outcome: PluginPublish.Outcome?
  let host: String
  let dryRun: Bool
  let debug: Bool
  let explain: Bool
  let configPath: String
  /// `--strict`: the stages' warnings are shown as errors.
  var strict = false

  func human() {
    let out = Terminal.standardOutput
    if explain {
      BuildOutput.human(report: report, artifact: nil, copiedTo: nil, explain: true, strict: strict)
    } else {
      BuildOutput.diagnostics(report, strict: strict)
    }
    guard let outcome else { return }
    let header = outcome.artifact.header
    let checksum = outcome.artifact.checksum
    if dryRun {
      out.write("\(header.name) \(header.version) (\(header.code)), \(outcome.category)\n")
      out.write("  config   \(configPath)\n")
      out.write("  actions  \(outcome.actions.joined(separator: ", "))\n")
      out.write("  target   \(host)/plugin_releases/\n")
      out.write("files:\n")
      let sizes = outcome.files.map { ByteCount.format($0.size) }
      let width = sizes.map(\.count).max() ?? 0
      for (file, size) in zip(outcome.files, sizes) {
        // The archive holds what update-config would write, not the file as it is.
        out.write("  \(size.leftPadding(to: width))  \(file.path)\(file.synced ? "  (synced from the code)" : "")\n")
      }
      let total = outcome.files.reduce(0) { $0 + $1.size }
      out.write(
        "total: \(outcome.files.count) files, \(ByteCount.format(total)); archive \(ByteCount.format(checksum.size))\n")
      out.write("  sha256   \(checksum.sha256)\n")
      out.write("  md5      \(checksum.md5)\n")
      if debug { out.write("config sent as the `config` field:\n\(outcome.releaseConfig)\n") }
      out.write("dry run: nothing was sent\n")
      return
    }
    if debug, let response = outcome.response {
      Terminal.standardError.write(
        "debug: POST \(host)/plugin_releases/ fields plugin, version, config, debug=True, file\n")
      Terminal.standardError.write("debug: Response: \(TerminalText.escaped(response))\n")
    }
    switch outcome.status {
    case "up-to-date"?:
      out.write("up to date: \(header.code) \(header.version) already published to \(host)\n")
    case "cancelled"?:
      out.write("Cancelled\n")
    case "published"?:
      out.write("published \(header.code) \(header.version) to \(host)\n")
      out.write("  release  \(outcome.releaseID.map(String.init) ?? "unknown (the backend's reply did not name it)")\n")
      out.write("  size     \(ByteCount.format(checksum.size)), \(outcome.artifact.fileCount) files\n")
      out.write("  sha256   \(checksum.sha256)\n")
      out.write("  md5      \(checksum.md5)\n")
    default:
      break
    }
  }

  func json(cache: CacheDirectory) -> String {
    var object = report.jsonObject()
    object["ok"] = .bool(report.succeeded && !BuildOutput.failsStrict(report, strict: strict))
    object["host"] = .string(host)
    object["dry_run"] = .bool(dryRun)
    if let outcome {
      let header = outcome.artifact.header
      let checksum = outcome.artifact.checksum
      object["plugin"] = .object([
        "name": .string(header.name), "code": .string(header.code), "version": .string(header.version),
        "category": .string(outcome.category), "actions": .array(outcome.actions.map(JSONValue.string)),
      ])
      object["archive"] = .object([
        "path": .string(outcome.artifact.archivePath), "size": .number(Double(checksum.size)),
        "files": .number(Double(outcome.artifact.fileCount)), "sha256": .string(checksum.sha256),
        "md5": .string(checksum.md5),
      ])
      object["files"] = .array(
        outcome.files.map { file in
          var entry: [String: JSONValue] = ["path": .string(file.path), "size": .number(Double(file.size))]
          if file.synced { entry["synced"] = .bool(true) }
          return .object(entry)
        })
      object["config"] = .string(outcome.releaseConfig)
      object["status"] = .string(dryRun ? "dry-run" : outcome.status ?? "failed")
      if let id = outcome.releaseID { object["release"] = .number(Double(id)) }
      if debug, let response = outcome.response { object["response"] = .string(response) }
    }
    return JSONValue.object(object).text
  }
}
