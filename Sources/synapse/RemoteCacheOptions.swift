import ArgumentParser
import Stages

/// The remote-cache options every command that runs the build graph shares.
struct RemoteCacheOptions: ParsableArguments {
  @Option(
    name: .customLong("remote-cache"),
    help: ArgumentHelp(
      "A shared cache speaking Bazel's HTTP cache protocol (GET/PUT <url>/ac/<key>, <url>/cas/<sha256>), "
        + "asked when the local cache misses (default: $SYNAPSE_REMOTE_CACHE).", valueName: "url"))
  var url: String?

  @Option(
    name: .customLong("remote-cache-header"),
    help: ArgumentHelp(
      "A header for every remote-cache request, e.g. 'Authorization: Bearer <token>'; repeatable "
        + "(also $SYNAPSE_REMOTE_CACHE_HEADERS, one per line, which keeps it out of the process list). "
        + "Values are never printed.", valueName: "name: value"))
  var headers: [String] = []

  @Flag(
    name: .customLong("remote-cache-read-only"),
    help: "Read from the remote cache but never write to it (also $SYNAPSE_REMOTE_CACHE_READ_ONLY=1); wins over --remote-cache-write.")
  var readOnly = false

  @Flag(
    name: .customLong("remote-cache-write"),
    help: "Write to the remote cache even in a CI build of a pull request, which is read-only by default.")
  var write = false

  @Option(
    name: .customLong("remote-cache-connect-timeout"),
    help: ArgumentHelp("Seconds to wait for a connection to the remote cache.", valueName: "seconds"))
  var connectTimeout: Double = 2

  @Option(
    name: .customLong("remote-cache-timeout"),
    help: ArgumentHelp(
      "Seconds one remote-cache request may take in all (default: no limit; a transfer that stalls for 10 s is abandoned).",
      valueName: "seconds"))
  var timeout: Double?

  @Option(
    name: .customLong("remote-cache-retries"),
    help: ArgumentHelp("Retries of a remote-cache request after a refused connection or a 429/502/503/504.", valueName: "n"))
  var retries: Int = 1

  func validate() throws {
    if connectTimeout <= 0 { throw ValidationError("--remote-cache-connect-timeout must be more than 0") }
    if let timeout, timeout <= 0 { throw ValidationError("--remote-cache-timeout must be more than 0") }
    if retries < 0 { throw ValidationError("--remote-cache-retries must be 0 or more") }
    _ = try settings()
  }

  /// What the flags and the environment configure, or nil for no remote cache.
  func settings() throws -> RemoteCacheSettings? {
    do {
      return try RemoteCacheSettings.resolve(
        url: url, headers: headers, readOnly: readOnly, write: write, connectTimeout: connectTimeout,
        timeout: timeout, retries: retries)
    } catch {
      throw ValidationError(error.description)
    }
  }

  /// The remote cache for this build, or nil when none is configured.
  func make() throws -> HTTPRemoteCache? {
    try settings().map { HTTPRemoteCache(settings: $0) }
  }
}
