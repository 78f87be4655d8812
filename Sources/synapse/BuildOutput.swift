import Pipeline
import Stages

/// How a build is shown: a short human summary, or one JSON object.
enum BuildOutput {
  static func human(
    report: BuildReport, artifact: PluginBuild.Artifact?, copiedTo: String?, explain: Bool,
    provenance: GitProvenance? = nil, remoteReadOnlyReason: String? = nil, strict: Bool = false
  ) {
    let out = Terminal.standardOutput
    if explain {
      explanation(report, remoteReadOnlyReason: remoteReadOnlyReason)
    }
    diagnostics(report, strict: strict)
    if let artifact, !failsStrict(report, strict: strict) {
      let h = artifact.header
      out.write("\(h.name) \(h.version) (\(h.code))\n")
      out.write("  archive  \(copiedTo ?? artifact.archivePath)\n")
      out.write("  size     \(ByteCount.format(artifact.checksum.size)), \(artifact.fileCount) files\n")
      out.write("  sha256   \(artifact.checksum.sha256)\n")
      out.write("  md5      \(artifact.checksum.md5)\n")
      if let tests = testSummary(report) { out.write("  tests    \(tests)\n") }
      // The dirty flag is computed for --json only (see GitProvenance.begin).
      if let provenance {
        out.write("  git      \(provenance.commit ?? "no commit yet") (\(provenance.branch ?? "detached HEAD"))\n")
      }
    }
    out.write(report.summary + "\n")
  }

  /// `--explain`: each stage with its status, time and reason, then what the remote cache did.
  static func explanation(_ report: BuildReport, remoteReadOnlyReason: String?) {
    let out = Terminal.standardOutput
    let width = report.stages.map(\.name.count).max() ?? 0
    for stage in report.stages {
      let name = stage.name.padding(to: width)
      let status = stage.status.rawValue.padding(to: 7)
      out.write("\(status) \(name)  \(format(ms: stage.durationMs).leftPadding(to: 9))  \(stage.reason)\n")
    }
    if let remote = report.remote {
      var line =
        "remote cache \(remote.name): \(remote.hits) hit\(remote.hits == 1 ? "" : "s"), \(remote.misses) "
        + "miss\(remote.misses == 1 ? "" : "es"), \(ByteCount.format(remote.downloadedBytes)) downloaded, "
        + "\(ByteCount.format(remote.uploadedBytes)) uploaded"
      if remote.readOnly { line += "; read-only (\(remoteReadOnlyReason ?? "by request"))" }
      out.write(line + "\n")
    }
  }

  /// Warnings and errors on stderr, one problem per line, each marked, so several problems
  /// in one file read (and grep) like a compiler's diagnostics. A failed tool's own output
  /// (pytest's, pip's) comes first, as it wrote it, unless it was already shown.
  ///
  /// - Parameters:
  ///   - located: Rewrites each message (for staged validation, which runs on a scratch
  ///     copy: `config.yaml:3:1: …` becomes `plugins/a/config.yaml:3:1: …`).
  ///   - strict: `--strict`: what the plugin's stages warn about is shown as errors, with
  ///     the same text. The build's own warnings (the remote cache, the cache directory)
  ///     say nothing about the plugin and stay warnings.
  static func diagnostics(
    _ report: BuildReport, details: Bool = true, located: (String) -> String = { $0 }, strict: Bool = false
  ) {
    let err = Terminal.standardError
    // Messages quote file names, config values and servers' replies: escaped, never obeyed.
    for warning in report.warnings { err.write("warning: \(TerminalText.escaped(located(warning)))\n") }
    let prefix = strict ? "error: " : "warning: "
    for stage in report.stages {
      for warning in stage.warnings { err.write("\(prefix)\(TerminalText.escaped(located(warning)))\n") }
      if details, stage.status == .failed, let output = stage.details, !output.isEmpty {
        err.write(output.hasSuffix("\n") ? output : output + "\n")
      }
      if stage.status == .failed, let error = stage.error {
        for line in error.split(separator: "\n") {
          err.write("error: \(TerminalText.escaped(located(String(line))))\n")
        }
      }
    }
  }

  /// Whether `--strict` fails this build: a stage warned.
  static func failsStrict(_ report: BuildReport, strict: Bool) -> Bool {
    strict && report.stages.contains { !$0.warnings.isEmpty }
  }

  static func json(
    report: BuildReport, artifact: PluginBuild.Artifact?, copiedTo: String?, cache: CacheDirectory,
    provenance: GitProvenance? = nil, strict: Bool = false
  )
    -> String
  {
    var object = report.jsonObject()
    object["ok"] = .bool(report.succeeded && !failsStrict(report, strict: strict))
    object["cache_dir"] = .string(cache.path)
    if let provenance {
      object["git"] = .object([
        "commit": provenance.commit.map(JSONValue.string) ?? .null,
        "branch": provenance.branch.map(JSONValue.string) ?? .null, "dirty": .bool(provenance.dirty),
      ])
    }
    if let artifact {
      object["plugin"] = .object([
        "name": .string(artifact.header.name), "code": .string(artifact.header.code),
        "version": .string(artifact.header.version),
      ])
      var archive: [String: JSONValue] = [
        "path": .string(artifact.archivePath), "size": .number(Double(artifact.checksum.size)),
        "files": .number(Double(artifact.fileCount)), "sha256": .string(artifact.checksum.sha256),
        "md5": .string(artifact.checksum.md5),
      ]
      if let copiedTo { archive["copied_to"] = .string(copiedTo) }
      object["archive"] = .object(archive)
    }
    if let tests = report.stage(PytestStage.stageName) {
      var entry: [String: JSONValue] = ["status": .string(tests.status.rawValue)]
      if let summary = report.outputs[PytestStage.stageName]?.text("summary") { entry["summary"] = .string(summary) }
      object["tests"] = .object(entry)
    }
    return JSONValue.object(object).text
  }

  /// `12 passed` or `cached: 12 passed`, when the build ran the tests.
  static func testSummary(_ report: BuildReport) -> String? {
    guard let stage = report.stage(PytestStage.stageName),
      let summary = report.outputs[PytestStage.stageName]?.text("summary")
    else { return nil }
    return stage.status == .cached ? "cached: \(summary)" : summary
  }

  static func format(ms: Double) -> String {
    ms < 10 ? "\((ms * 10).rounded() / 10) ms" : "\(Int(ms.rounded())) ms"
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  func leftPadding(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
