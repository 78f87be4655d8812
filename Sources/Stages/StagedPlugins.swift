import Git
import Glibc
import Pipeline

/// What git has staged, as plugins to validate: which plugin directories a staged change
/// touches, and each one's staged files written into a scratch directory, so validation
/// judges exactly what the commit will contain (a partially staged file as staged; unstaged
/// edits ignored).
///
/// Stage keys never contain paths, so validating the same staged content again hits the
/// cache even though the scratch directory is new each time.
public struct StagedPlugins {
  public let repository: GitRepository
  /// The working tree's root.
  public let root: String

  public init(repository: GitRepository) throws {
    guard let root = repository.workdir else {
      throw StagesError.stageFailed(
        "\(repository.gitDirectory) is a bare repository: it has no index to validate; run this in a clone")
    }
    self.repository = repository
    self.root = root
  }

  /// The repository containing `path`.
  public static func open(containing path: String) throws -> StagedPlugins {
    guard let repository = try GitRepository.discover(containing: path) else {
      throw StagesError.stageFailed(
        "\(path) is not inside a git repository; --staged validates what git has staged (run it in a repository)")
    }
    // In a hook run by `git commit -a` or `git commit <paths>`, what is being committed is
    // the temporary index git names here, not .git/index.
    if let indexFile = CacheLocation.environment("GIT_INDEX_FILE"), !indexFile.isEmpty {
      repository.indexFile = FilePath.absolute(indexFile, relativeTo: FileSystem.currentDirectory())
    }
    return try StagedPlugins(repository: repository)
  }

  /// Plugin directories (relative to the root, "" for the root itself, sorted) holding a file
  /// the staged change adds, modifies, renames or deletes: a file's plugin is the nearest
  /// directory above it whose staged tree has a config.yaml or synapse.yaml.
  public func touchedPlugins() throws -> [String] {
    let entries = try repository.indexEntries(under: "")
    var pluginDirectories = Set<String>()
    for entry in entries {
      let name = FilePath.lastComponent(of: entry.path)
      if name == "config.yaml" || name == "synapse.yaml" {
        pluginDirectories.insert(entry.path.contains("/") ? FilePath.parent(of: entry.path) : "")
      }
    }
    var touched = Set<String>()
    for change in try repository.stagedChanges() {
      var directory = change.path.contains("/") ? FilePath.parent(of: change.path) : ""
      while true {
        if pluginDirectories.contains(directory) {
          touched.insert(directory)
          break
        }
        if directory.isEmpty { break }
        directory = directory.contains("/") ? FilePath.parent(of: directory) : ""
      }
    }
    return touched.sorted()
  }

  /// The plugin directory containing `path` (absolute), relative to the root.
  public func pluginDirectory(for path: String) -> String {
    let absolute = FilePath.absolute(path, relativeTo: FileSystem.currentDirectory())
    if absolute == root { return "" }
    return absolute.hasPrefix(root + "/") ? String(absolute.dropFirst(root.count + 1)) : absolute
  }

  /// Writes the staged files of the plugin at `directory` (relative to the root) that
  /// validation reads: the config, requirements.txt, ignore files and Python sources.
  /// - Returns: false when the index has no config for it (the plugin is being deleted).
  public func materialize(_ directory: String, into scratch: String) throws -> Bool {
    let prefix = directory.isEmpty ? "" : directory + "/"
    var hasConfig = false
    for entry in try repository.indexEntries(under: directory) where !entry.isSymlink && !entry.isSubmodule {
      let relative = String(entry.path.dropFirst(prefix.count))
      guard Self.isReadByValidation(relative) else { continue }
      guard let bytes = try repository.indexBlob(entry.path) else { continue }
      let target = FilePath.join(scratch, relative)
      try FileSystem.createDirectory(FilePath.parent(of: target))
      try FileSystem.writeAtomically(bytes, to: target, mode: 0o644)
      if relative == "config.yaml" || relative == "synapse.yaml" { hasConfig = true }
    }
    return hasConfig
  }

  static func isReadByValidation(_ path: String) -> Bool {
    let name = FilePath.lastComponent(of: path)
    return path == "config.yaml" || path == "synapse.yaml" || path == "requirements.txt" || name == ".gitignore"
      || name == ".synapseignore" || name.hasSuffix(".py")
  }
}
