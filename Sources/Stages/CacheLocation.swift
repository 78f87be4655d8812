import Glibc
import Pipeline

/// Where the cache lives and how big it may grow, from flags and the environment.
public enum CacheLocation {
  /// `--cache-dir` > `SYNAPSE_CACHE_DIR` > `$XDG_CACHE_HOME/synapse` > `~/.cache/synapse`.
  public static func resolve(explicit: String?) -> String {
    let cwd = FileSystem.currentDirectory()
    if let explicit, !explicit.isEmpty { return FilePath.absolute(explicit, relativeTo: cwd) }
    if let env = environment("SYNAPSE_CACHE_DIR"), !env.isEmpty { return FilePath.absolute(env, relativeTo: cwd) }
    if let xdg = environment("XDG_CACHE_HOME"), xdg.hasPrefix("/") { return xdg + "/synapse" }
    let home = environment("HOME") ?? "/tmp"
    return home + "/.cache/synapse"
  }

  /// `SYNAPSE_CACHE_MAX_SIZE` (e.g. `500M`, `2G`), else the default bound.
  public static func maxBytes() throws -> Int {
    guard let text = environment("SYNAPSE_CACHE_MAX_SIZE"), !text.isEmpty else {
      return CacheDirectory.defaultMaxBytes
    }
    guard let n = ByteCount.parse(text) else {
      throw ByteCount.ParseError(text: text, source: "SYNAPSE_CACHE_MAX_SIZE")
    }
    return n
  }

  public static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }
}
