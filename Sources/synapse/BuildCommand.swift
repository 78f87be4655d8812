import ArgumentParser
import Glibc
import Pipeline
import Stages

/// `synapse build`: config → files → archive → checksum, cached.
struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build the plugin's archive and checksums, redoing only what changed.",
    discussion: """
      Reads config.yaml (name, code, version), lists the plugin's files after the built-in \
      excludes, .gitignore and .synapseignore (git semantics), refuses likely secrets, writes \
      a deterministic zip into the cache and computes its SHA-256 and MD5. The archived \
      config.yaml is the synced one (what update-config would write, entrypoints as \
      module.Class); the plugin's own file is never written. A plugin with a \
      tests/ directory also gets its environment and a pytest run, cached as `synapse plugin \
      test` caches them (--skip-tests leaves them out). A second run with nothing changed runs \
      no stage. The archive stays in the cache unless -o copies it out.

      SOURCE_DATE_EPOCH sets the timestamp stored in the zip (default 1980-01-01 UTC).
      """)

  @OptionGroup var plugin: PluginOptions
  @OptionGroup var cache: CacheOptions
  @Option(name: .customLong("remote-cache"), help: RemoteCacheOptions.urlHelp)
  var remoteCacheURL: String?
  @Option(name: .customLong("remote-cache-header"), help: RemoteCacheOptions.headerHelp)
  var remoteCacheHeaders: [String] = []
  @Flag(name: .customLong("remote-cache-read-only"), help: RemoteCacheOptions.readOnlyHelp)
  var remoteCacheReadOnly = false
  @Flag(name: .customLong("remote-cache-write"), help: RemoteCacheOptions.writeHelp)
  var remoteCacheWrite = false
  var remoteCache: RemoteCacheOptions {
    RemoteCacheOptions(
      url: remoteCacheURL, headers: remoteCacheHeaders, readOnly: remoteCacheReadOnly, write: remoteCacheWrite)
  }

  @Option(
    name: [.short, .customLong("output")],
    help: ArgumentHelp(
      "Also copy the archive to this file, or into this directory as <code>-<version>.zip.", valueName: "path"))
  var output: String?

  @Option(name: .short, help: ArgumentHelp("Stages to run at once (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  @Flag(help: "Say why each stage ran or was cached.")
  var explain = false

  @Flag(help: "Leave the plugin's tests out of the build (they run when it has a tests/ directory).")
  var skipTests = false

  @Option(
    help: ArgumentHelp(
      "Python for the tests (default: $SYNAPSE_PYTHON, else the plugin's .venv, else python3 on PATH).",
      valueName: "python"))
  var python: String?

  @Flag(help: "Print one JSON object with the stages, their status and reasons, and the archive.")
  var json = false

  @Flag(help: "Treat warnings as errors: the same messages, marked error:, and exit status 1 (no -o copy).")
  var strict = false

  @Option(
    help: ArgumentHelp("Write a Chrome trace-event file (open it in Perfetto or chrome://tracing).", valueName: "file"))
  var trace: String?

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("-j must be at least 1") }
    _ = try remoteCache.make()
  }

  func run() throws {
    do {
      try build()
    } catch let failure as CommandFailure where json {
      // Scripts reading --json get an object even when the build could not start.
      let object: JSONValue = .object(["ok": .bool(false), "error": .string(failure.message)])
      Terminal.standardOutput.write(object.text + "\n")
      throw failure
    }
  }

  private func build() throws {
    let location = try plugin.location()
    let cacheDirectory = try cache.open()
    let remote = try remoteCache.make()
    var report: BuildReport
    var artifact: PluginBuild.Artifact?
    var provenance: GitProvenance?
    let build: PluginBuild
    do {
      var tests: PluginTest?
      if !skipTests, PluginTest.hasTests(location) {
        tests = try PluginTest.prepare(
          location: location, python: python, cache: cacheDirectory, pytestArguments: [],
          after: [ValidateStage.stageName])
      }
      // The commit is read now (it names the archive); the dirty flag is computed beside the build.
      let git = GitProvenance.begin(location.directory, checkDirty: json)
      build = PluginBuild(
        location: location, sourceDateEpoch: CacheLocation.environment("SOURCE_DATE_EPOCH"), tests: tests,
        provenance: git?.known)
      (report, artifact) = try build.run(cache: cacheDirectory, jobs: jobs ?? CPU.count, remote: remote)
      provenance = git?.finish()
    } catch {
      throw CommandFailure(error)
    }
    if let trace {
      do {
        try FileSystem.writeAtomically(
          report.traceJSON(), to: FilePath.absolute(trace, relativeTo: FileSystem.currentDirectory()))
      } catch {
        throw CommandFailure(error)
      }
    }
    var copiedTo: String?
    let refused = BuildOutput.failsStrict(report, strict: strict)
    if let output, let built = artifact, !refused {
      if let destination = try copyArchive(built, to: output, cache: cacheDirectory) {
        copiedTo = destination
      } else {
        // The copy found the cached archive damaged and removed it: build it again, once.
        let warning =
          "the cached archive did not match its SHA-256 while it was copied; it was removed and built again"
        do {
          (report, artifact) = try build.run(cache: cacheDirectory, jobs: jobs ?? CPU.count, remote: remote)
        } catch {
          throw CommandFailure(error)
        }
        report.warnings.insert(warning, at: 0)
        if let rebuilt = artifact {
          guard let destination = try copyArchive(rebuilt, to: output, cache: cacheDirectory) else {
            throw CommandFailure(message: "the rebuilt archive did not match its SHA-256 either; nothing was copied")
          }
          copiedTo = destination
        }
      }
    }
    if json {
      Terminal.standardOutput.write(
        BuildOutput.json(
          report: report, artifact: artifact, copiedTo: copiedTo, cache: cacheDirectory, provenance: provenance,
          strict: strict) + "\n")
    } else {
      BuildOutput.human(
        report: report, artifact: artifact, copiedTo: copiedTo, explain: explain, provenance: provenance,
        remoteReadOnlyReason: remote?.settings.readOnlyReason, strict: strict)
    }
    if !report.succeeded || refused { throw ExitCode.failure }
  }

  /// The destination written, or nil when the cached archive was found damaged (and removed).
  private func copyArchive(_ artifact: PluginBuild.Artifact, to output: String, cache: CacheDirectory) throws
    -> String?
  {
    var destination = FilePath.absolute(output, relativeTo: FileSystem.currentDirectory())
    if output.hasSuffix("/") || FileSystem.isDirectory(destination) {
      destination = FilePath.join(destination, artifact.header.archiveFileName)
    }
    do {
      return try PluginBuild.copyArchive(artifact, to: destination, cache: cache) ? destination : nil
    } catch {
      throw CommandFailure(error)
    }
  }
}
