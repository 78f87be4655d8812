import Foundation
import TestSupport

/// A private cache and a scratch area for one end-to-end test.
final class CLIFixture: Sendable {
  let cache = TemporaryDirectory("cli-cache")
  let scratch = TemporaryDirectory("cli")

  /// Copies the example plugin into the scratch area and returns its path.
  func examplePlugin(_ name: String = "plugin") throws -> String {
    let path = scratch.url(name)
    try Fixtures.copyTree(Fixtures.examplePlugin, to: path)
    return path
  }

  @discardableResult
  func synapse(
    _ arguments: [String], cwd: String? = nil, environment: [String: String] = [:], stdin: String? = nil
  ) -> ProcessResult {
    var env = ["SYNAPSE_CACHE_DIR": cache.path, "NO_COLOR": "1"]
    for (k, v) in environment { env[k] = v }
    return ProcessRunner.run(ProcessRunner.synapseBinary, arguments, cwd: cwd ?? scratch.path, environment: env, stdin: stdin)
  }

  /// `synapse build --json` parsed.
  func buildJSON(_ plugin: String, _ extra: [String] = []) throws -> (ProcessResult, [String: Any]) {
    let result = synapse(["build", "-p", plugin, "--json"] + extra)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    return (result, object)
  }

  /// Every file under the cache with its bytes, to prove a failed command changed nothing.
  func cacheSnapshot() -> [String: Data] {
    var out: [String: Data] = [:]
    let fm = FileManager.default
    for case let rel as String in fm.enumerator(atPath: cache.path) ?? NSEnumerator() {
      if let d = fm.contents(atPath: cache.path + "/" + rel) { out[rel] = d }
    }
    return out
  }
}

extension Dictionary where Key == String, Value == Any {
  var stageStatuses: [String: String] {
    var out: [String: String] = [:]
    for s in self["stages"] as? [[String: Any]] ?? [] {
      if let n = s["name"] as? String, let st = s["status"] as? String { out[n] = st }
    }
    return out
  }

  var archive: [String: Any] { self["archive"] as? [String: Any] ?? [:] }
}
