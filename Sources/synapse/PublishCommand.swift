import ArgumentParser
import Pipeline
import Stages

/// `synapse plugin publish` (also `synapse publish`): build, then upload to the backend.
struct PublishCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "publish",
    abstract: "Build the plugin and publish it to the Synapse backend, unless it is already there.",
    discussion: """
      Runs the build (validate, archive, checksum), describes the release for the backend \
      from config.yaml and the code, and uploads the archive with POST /plugin_releases/. \
      A publish is recorded in the cache directory (published.json): the same archive under the same \
      version is not sent twice ("up to date"), and a different archive under a version \
      already published is refused until the version is bumped (or --force is given).

      --dry-run needs no credentials and sends nothing: it lists every file with its size, \
      the totals, the checksums and the target host. The archived config.yaml is the synced \
      one (what update-config would write, entrypoints as module.Class), marked so in the \
      list; the plugin's own file is never written.

      Credentials: --host/--token, else $SYNAPSE_HOST/$SYNAPSE_ACCESS_TOKEN, else \
      ~/.synapse/config.json (see `synapse login`). A user token ($SYNAPSE_PLUGIN_RUN_USER_TOKEN) \
      and tenant ($SYNAPSE_PLUGIN_RUN_TENANT) are honoured as upstream does. Tokens are never \
      printed, --debug included.

      On a terminal the publish asks for confirmation unless -y is given; without a terminal \
      (CI) it proceeds as if -y were given and says so.
      """)

  @OptionGroup var plugin: PluginOptions

  @OptionGroup var backend: BackendOptions

  @Flag(help: "Build and show what would be uploaded; send nothing (no credentials needed).")
  var dryRun = false

  @Flag(help: "Send debug=True (the backend skips its validation) and print the request and the reply.")
  var debug = false

  @Flag(name: [.short, .long], help: "Do not ask for confirmation.")
  var yes = false

  @Flag(help: "Send even when this version was already published with a different archive.")
  var force = false

  @Flag(help: "Print one JSON object with the outcome, the stages and the archive.")
  var json = false

  @Flag(help: "Treat warnings as errors: the same messages, marked error:, exit status 1, and nothing sent.")
  var strict = false

  @OptionGroup var network: HTTPOptions
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

  @Option(name: .short, help: ArgumentHelp("Stages to run at once (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  @Flag(help: "Say why each stage ran or was cached.")
  var explain = false

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("-j must be at least 1") }
    _ = try remoteCache.make()
  }

  func run() throws {
    do {
      try publish()
    } catch let failure as CommandFailure where json {
      let object: JSONValue = .object(["ok": .bool(false), "error": .string(failure.message)])
      Terminal.standardOutput.write(object.text + "\n")
      throw failure
    }
  }

  private func publish() throws {
    let location = try plugin.location()
    let credentials = backend.credentials()
    guard LoginCommand.isHTTPURL(credentials.host) else {
      throw CommandFailure(PublishError.invalidHost(credentials.displayHost))
    }
    if !dryRun {
      do {
        try credentials.requireAuthentication()
      } catch {
        throw CommandFailure(error)
      }
    }
    let cacheDirectory = try cache.open()
    let remote = try remoteCache.make()
    let build = PluginBuild(location: location, sourceDateEpoch: CacheLocation.environment("SOURCE_DATE_EPOCH"))
    let progress = TransferProgress(showsBar: !json && Terminal.standardError.isTerminal)
    var upload: UploadStage?
    if !dryRun {
      let asks = !yes && Prompt.isInteractive
      let yes = yes
      let hooks = PublishHooks(
        confirm: { plan in
          guard asks else {
            if !yes {
              Terminal.standardError.write(
                "note: standard input is not a terminal; publishing without asking (as with --yes)\n")
            }
            return true
          }
          let size = ByteCount.format(plan.checksum.size)
          return Prompt.confirm(
            "Publish \(plan.header.code) \(plan.header.version) (\(plan.fileCount) files, \(size)) to \(plan.host)?",
            default: true)
        }, observer: progress)
      upload = UploadStage(
        credentials: credentials, debug: debug, force: force, http: network.configuration,
        ledger: .inCache(cacheDirectory.path), hooks: hooks)
    }
    let report: BuildReport
    let outcome: PluginPublish.Outcome?
    do {
      (report, outcome) = try PluginPublish(build: build, upload: upload).run(
        cache: cacheDirectory, jobs: jobs ?? CPU.count, remote: remote, warningsBlock: strict)
    } catch {
      throw CommandFailure(error)
    }
    progress.finish()
    let refused = BuildOutput.failsStrict(report, strict: strict)
    let output = PublishOutput(
      report: report, outcome: refused ? nil : outcome, host: credentials.displayHost, dryRun: dryRun, debug: debug,
      explain: explain, configPath: location.configAbsolutePath, strict: strict)
    if json {
      Terminal.standardOutput.write(output.json(cache: cacheDirectory) + "\n")
    } else {
      output.human()
    }
    if !report.succeeded || refused { throw ExitCode.failure }
  }
}
