import Glibc
import Pipeline
import Stages

/// `--staged`: runs a check on each plugin the staged change touches (or on the one `-p`
/// names), against a scratch copy of its staged files, and reports positions relative to the
/// repository as git shows them.
struct StagedPluginRun {
  /// One plugin's staged copy.
  struct Plugin {
    /// Relative to the repository root ("" for a plugin at the root).
    let directory: String
    let location: PluginLocation

    /// `config.yaml:3:1: …` → `plugins/a/config.yaml:3:1: …` (files of the plugin only).
    func located(_ message: String) -> String {
      guard !directory.isEmpty, let colon = message.firstIndex(of: ":") else { return message }
      let file = String(message[..<colon])
      guard !file.isEmpty, !file.hasPrefix("/"), !file.contains(" "),
        FileSystem.exists(FilePath.join(location.directory, file))
      else { return message }
      return directory + "/" + message
    }

    var displayConfig: String { directory.isEmpty ? location.configPath : directory + "/" + location.configPath }
  }

  /// Calls `check` for each touched plugin; returns whether every check passed. Prints a
  /// note and passes when the staged change touches no plugin.
  static func run(path: String?, _ check: (Plugin) throws -> Bool) throws -> Bool {
    let cwd = FileSystem.currentDirectory()
    let staged: StagedPlugins
    do {
      staged = try StagedPlugins.open(containing: path.map { FilePath.absolute($0, relativeTo: cwd) } ?? cwd)
    } catch {
      throw CommandFailure(error)
    }
    let directories: [String]
    do {
      directories = try path.map { [staged.pluginDirectory(for: $0)] } ?? staged.touchedPlugins()
    } catch {
      throw CommandFailure(error)
    }
    if directories.isEmpty {
      Terminal.standardOutput.write("no staged change touches a plugin\n")
      return true
    }
    var passed = true
    for directory in directories {
      var template = Array("/tmp/synapse-staged-XXXXXX".utf8CString)
      guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw CommandFailure(message: "cannot create a scratch directory in /tmp")
      }
      let scratch = String(cString: made)
      defer { try? FileSystem.removeTree(scratch) }
      do {
        guard try staged.materialize(directory, into: scratch) else {
          // The plugin is being deleted in this commit: nothing left to validate.
          continue
        }
        let location = try PluginLocation.resolve(path: scratch, config: nil)
        if try !check(Plugin(directory: directory, location: location)) { passed = false }
      } catch let failure as CommandFailure {
        throw failure
      } catch {
        throw CommandFailure(error)
      }
    }
    return passed
  }
}
