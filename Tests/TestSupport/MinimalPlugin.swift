/// The smallest plugin that validates: a config with every required field and one action,
/// and the module that action names.
public enum MinimalPlugin {
  public static func config(name: String = "Minimal", code: String = "minimal", version: String = "1.0.0") -> String {
    """
    name: \(name)
    code: \(code)
    version: '\(version)'
    category: custom
    actions:
      main:
        entrypoint: plugin.main.run
        method: task

    """
  }

  /// Writes config.yaml (or `configName`), plugin/__init__.py and plugin/main.py under
  /// `relative` in `dir`.
  public static func write(
    in dir: TemporaryDirectory, at relative: String = "", configName: String = "config.yaml",
    name: String = "Minimal", code: String = "minimal", version: String = "1.0.0"
  ) {
    let prefix = relative.isEmpty ? "" : relative + "/"
    dir.write(prefix + configName, config(name: name, code: code, version: version))
    dir.write(prefix + "plugin/__init__.py", "")
    dir.write(prefix + "plugin/main.py", "def run(**kwargs):\n    return {\"ok\": True}\n")
  }
}
