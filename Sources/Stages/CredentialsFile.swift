import Glibc
import Pipeline
import Schema
import YAML

/// `~/.synapse/config.json`, the file upstream's `synapse login` writes and every Synapse
/// tool reads: a JSON object whose keys other tools also own (`agent`, `github`, MCP
/// environments), so an update rewrites only the keys it sets and keeps the rest in place.
public struct CredentialsFile: Sendable {
  public let path: String

  public init(path: String) {
    self.path = path
  }

  /// `$HOME/.synapse/config.json`.
  public static func standard() -> CredentialsFile {
    CredentialsFile(path: FilePath.join(homeDirectory(), ".synapse/config.json"))
  }

  /// `$HOME`, else the password database's entry for this user.
  static func homeDirectory() -> String {
    if let home = CacheLocation.environment("HOME"), !home.isEmpty { return home }
    if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
    return "/"
  }

  /// The file's top-level entries; empty when there is no file.
  ///
  /// - Throws: ``PublishError/credentialsUnreadable(path:reason:)`` when the file exists but
  ///   is not a JSON object, so that a login never replaces a file it could not read.
  public func load() throws(PublishError) -> [(key: String, value: YAMLValue)] {
    let bytes: [UInt8]?
    do {
      bytes = try FileSystem.readFileIfPresent(path)
    } catch {
      throw .credentialsUnreadable(path: path, reason: error.description)
    }
    guard let bytes else { return [] }
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [] }
    let value: YAMLValue
    do {
      value = try JSONReader.parse(bytes)
    } catch {
      throw .credentialsUnreadable(path: path, reason: "not valid JSON (\(error))")
    }
    guard case .mapping(let pairs) = value else {
      throw .credentialsUnreadable(path: path, reason: "not a JSON object")
    }
    return pairs
  }

  /// Reading for resolution: upstream ignores a file it cannot parse, and so do commands
  /// that only read it (the flags and environment may still be enough).
  public func loadIgnoringErrors() -> [(key: String, value: YAMLValue)] {
    (try? load()) ?? []
  }

  /// Sets `entries` (existing keys keep their position, new ones are appended) and writes the
  /// file atomically with mode 0600, as `json.dumps(indent=2)` does, without a final newline.
  /// The directory is created with mode 0700 when missing.
  public func update(_ entries: [(key: String, value: YAMLValue)]) throws(PublishError) {
    var pairs = try load()
    for entry in entries {
      if let index = pairs.firstIndex(where: { $0.key == entry.key }) {
        pairs[index].value = entry.value
      } else {
        pairs.append(entry)
      }
    }
    let text = PythonJSON.encode(.mapping(pairs), indent: 2)
    do {
      try FileSystem.createDirectory(FilePath.parent(of: path), mode: 0o700)
      try FileSystem.writeAtomically(Array(text.utf8), to: path, mode: 0o600)
    } catch {
      throw .credentialsUnwritable(path: path, reason: error.description)
    }
  }
}

extension [(key: String, value: YAMLValue)] {
  /// A top-level string value, nil when absent, not a string or empty.
  func string(_ key: String) -> String? {
    guard case .string(let text)? = first(where: { $0.key == key })?.value, !text.isEmpty else { return nil }
    return text
  }
}

extension CredentialsFile {
  /// `agent.id` (and `agent.name`) of the saved configuration, as upstream's `agent select`
  /// writes it; nil when there is none.
  public func agent() -> (id: Int, name: String?)? {
    guard case .mapping(let pairs)? = loadIgnoringErrors().first(where: { $0.key == "agent" })?.value,
      case .int(let id)? = pairs.first(where: { $0.key == "id" })?.value
    else { return nil }
    if case .string(let name)? = pairs.first(where: { $0.key == "name" })?.value { return (id, name) }
    return (id, nil)
  }
}
