import Pipeline

/// Where a plugin is: its canonical directory and its config file, resolved as upstream
/// does (`--config`, else `config.yaml`, else `synapse.yaml`).
public struct PluginLocation: Sendable, Equatable {
  /// Canonical absolute path of the plugin directory.
  public let directory: String
  /// The config file relative to ``directory``.
  public let configPath: String

  public var configAbsolutePath: String { FilePath.join(directory, configPath) }

  /// - Parameters:
  ///   - path: The `-p` argument, or nil for the current directory.
  ///   - config: The `--config` argument; relative paths are relative to the current
  ///     directory, as upstream resolves them.
  public static func resolve(path: String?, config: String?) throws -> PluginLocation {
    let cwd = FileSystem.currentDirectory()
    let requested = FilePath.absolute(path ?? ".", relativeTo: cwd)
    guard let st = try? FileSystem.stat(requested) else {
      throw StagesError.pluginDirectoryNotFound(requested)
    }
    guard st.kind == .directory else { throw StagesError.notADirectory(requested) }
    let directory = try FileSystem.realPath(requested)

    if let config {
      let absolute = FilePath.absolute(config, relativeTo: cwd)
      guard FileSystem.exists(absolute) else { throw StagesError.explicitConfigNotFound(absolute) }
      let real = try FileSystem.realPath(absolute)
      if let st = try? FileSystem.stat(real), st.kind != .regular {
        throw StagesError.configNotAFile(real, isDirectory: st.kind == .directory)
      }
      guard real.hasPrefix(directory + "/") else {
        throw StagesError.configOutsidePlugin(config: real, plugin: directory)
      }
      return PluginLocation(directory: directory, configPath: String(real.dropFirst(directory.count + 1)))
    }
    for name in ["config.yaml", "synapse.yaml"] where FileSystem.exists(FilePath.join(directory, name)) {
      return PluginLocation(directory: directory, configPath: name)
    }
    throw StagesError.configNotFound(directory: directory)
  }
}
