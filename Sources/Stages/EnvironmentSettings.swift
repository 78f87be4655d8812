import Pipeline
import YAML

/// The config fields that shape a plugin's Python environment: `package_manager`,
/// `package_manager_options` and `wheels_dir`.
///
/// Read when the graph is made, because `wheels_dir` names a tree input and inputs are
/// declared before anything runs; the values then enter the environment stage's key. A
/// problem (unreadable YAML, a value of the wrong type, wheels outside the plugin) does not
/// stop other commands: it is kept and reported, with its position, by the stage that needs
/// the values.
public struct EnvironmentSettings: Sendable, Equatable {
  /// `pip` or `uv`, as written.
  public var packageManager = "pip"
  public var packageManagerOptions: [String] = []
  /// Relative to the plugin directory, normalised (`wheels`, `vendor/wheels`).
  public var wheelsDirectory = "wheels"
  /// Why the values above are the defaults rather than the file's, when they are.
  public var problem: String?

  public init() {}

  public static func read(_ location: PluginLocation) -> EnvironmentSettings {
    var settings = EnvironmentSettings()
    let file = location.configPath
    let root: YAMLNode?
    do {
      root = try YAMLParser.parse(try FileSystem.readFile(location.configAbsolutePath))
    } catch let error as YAMLError {
      settings.problem =
        ConfigDiagnostic(
          file: file, line: error.position?.line, column: error.position?.column, message: error.message
        ).description
      return settings
    } catch {
      settings.problem = "\(error)"
      return settings
    }
    guard let root, root.mapping != nil else { return settings }
    func fail(_ node: YAMLNode, _ message: String) {
      if settings.problem == nil {
        settings.problem =
          ConfigDiagnostic(
            file: file, line: node.start.line, column: node.start.column, message: message
          ).description
      }
    }
    if let node = root["package_manager"] {
      switch node.resolved {
      case .string(let value) where value == "pip" || value == "uv": settings.packageManager = value
      case .null?: break
      default: fail(node, "package_manager: must be pip or uv")
      }
    }
    if let node = root["package_manager_options"] {
      if let items = node.sequence {
        for item in items {
          guard case .string(let option)? = item.resolved else {
            fail(item, "package_manager_options: every option must be a string; quote it")
            continue
          }
          settings.packageManagerOptions.append(option)
        }
      } else if node.resolved != .null {
        fail(node, "package_manager_options: must be a list of strings")
      }
    }
    if let node = root["wheels_dir"] {
      switch node.resolved {
      case .string(let value) where !value.isEmpty:
        let absolute = FilePath.absolute(value, relativeTo: location.directory)
        if absolute.hasPrefix(location.directory + "/") {
          settings.wheelsDirectory = String(absolute.dropFirst(location.directory.count + 1))
        } else {
          fail(node, "wheels_dir: \(value) is outside the plugin directory; bundled wheels must be inside it")
        }
      case .null?: break
      default: fail(node, "wheels_dir: must be a directory name such as wheels")
      }
    }
    return settings
  }
}
