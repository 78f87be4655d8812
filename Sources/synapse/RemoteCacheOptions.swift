import ArgumentParser
import Stages

/// The remote-cache flags of `build`, `plugin publish`, `plugin test` and `plugin validate`,
/// and what they resolve to.
///
/// Each command declares the four options itself (with the help texts here) instead of
/// sharing an `@OptionGroup`: ArgumentParser builds a group's argument set four times per
/// parse and looks up the group type's protocol conformances on first use, which cost every
/// start-up of those commands 1.7 M instructions (about 0.4 ms, 5% of a null build) against
/// 0.7 M for the same options declared inline. Timeouts and retries, which CI sets once,
/// come from the environment (see ``RemoteCacheSettings/resolve(url:headers:readOnly:write:environment:)``).
struct RemoteCacheOptions {
  var url: String?
  var headers: [String]
  var readOnly: Bool
  var write: Bool

  static let urlHelp = ArgumentHelp(
    "A shared cache on Bazel's HTTP cache protocol, asked when the local cache misses (default: $SYNAPSE_REMOTE_CACHE).",
    valueName: "url")
  static let headerHelp = ArgumentHelp(
    "A header for every remote-cache request, e.g. 'Authorization: Bearer <token>'; repeatable (also $SYNAPSE_REMOTE_CACHE_HEADERS, one per line). Never printed.",
    valueName: "name: value")
  static let readOnlyHelp = ArgumentHelp(
    "Read from the remote cache, never write to it (also $SYNAPSE_REMOTE_CACHE_READ_ONLY=1); wins over --remote-cache-write."
  )
  static let writeHelp = ArgumentHelp(
    "Write to the remote cache even in a CI build of a pull request, which is read-only by default.")

  /// The remote cache for this build, or nil when none is configured.
  /// - Throws: `ValidationError` (exit 2) for a URL, header or setting that cannot be used;
  ///   the message never contains a header value.
  func make() throws -> HTTPRemoteCache? {
    do {
      return try RemoteCacheSettings.resolve(url: url, headers: headers, readOnly: readOnly, write: write)
        .map { HTTPRemoteCache(settings: $0) }
    } catch {
      throw ValidationError(error.description)
    }
  }
}
