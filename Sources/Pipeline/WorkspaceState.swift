import FoundationEssentials
import Hashing

/// What the last build in a workspace saw for each stage, so the next one can say which
/// input changed when a stage reruns.
///
/// Only digests are kept (never values, which may be secrets); a tree input also keeps the
/// digest of its file manifest, stored in the content store, so changed files can be named.
struct WorkspaceState: Codable, Equatable {
  struct InputRecord: Codable, Equatable {
    var name: String
    var digest: String
    /// For trees: the content-store digest of the manifest text.
    var manifest: String?
  }

  struct StageRecord: Codable, Equatable {
    var key: String
    var version: Int
    var inputs: [InputRecord]
  }

  var stages: [String: StageRecord] = [:]

  static func load(_ path: String) -> WorkspaceState {
    guard let bytes = try? FileSystem.readFileIfPresent(path),
      let state = try? JSONDecoder().decode(WorkspaceState.self, from: Data(bytes))
    else { return WorkspaceState() }
    return state
  }

  func save(_ path: String) throws(SystemError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(self) else { return }
    try FileSystem.writeAtomically(Array(data), to: path)
  }
}
