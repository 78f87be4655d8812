import ArgumentParser
import Pipeline
import Stages

/// The options every command that touches the cache shares.
struct CacheOptions: ParsableArguments {
  @Option(
    name: .customLong("cache-dir"),
    help: ArgumentHelp(
      "Cache directory (default: $SYNAPSE_CACHE_DIR, else $XDG_CACHE_HOME/synapse, else ~/.cache/synapse).",
      valueName: "dir"))
  var cacheDirectory: String?

  var resolvedPath: String { CacheLocation.resolve(explicit: cacheDirectory) }

  func open() throws -> CacheDirectory {
    do {
      return try CacheDirectory(path: resolvedPath, maxBytes: try CacheLocation.maxBytes())
    } catch {
      throw CommandFailure(error)
    }
  }
}

/// `-p/--path` and `-c/--config`, as upstream's plugin commands spell them.
struct PluginOptions: ParsableArguments {
  @Option(
    name: [.short, .customLong("path")],
    help: ArgumentHelp("Plugin directory (default: the current directory).", valueName: "path"))
  var path: String?

  @Option(
    name: [.short, .customLong("config")],
    help: ArgumentHelp(
      "Config file (default: config.yaml, else synapse.yaml, in the plugin directory).", valueName: "file"))
  var config: String?

  func location() throws -> PluginLocation {
    do {
      return try PluginLocation.resolve(path: path, config: config)
    } catch {
      throw CommandFailure(error)
    }
  }
}
