/// The templates `synapse plugin create` renders, embedded from templates/ (see
/// scripts/generate-embedded): `common/` for every plugin, `<category>/` for each category's
/// own files, which replace a common file of the same path.
public enum PluginTemplates {
  /// The category's files by plugin-relative path, common ones first overridden by its own.
  public static func files(for category: PluginCategory) -> [String: String] {
    var result: [String: String] = [:]
    for (path, text) in files {
      if let rest = path.stripping(prefix: "common/") { result[rest] = result[rest] ?? text }
    }
    for (path, text) in files {
      if let rest = path.stripping(prefix: category.rawValue + "/") { result[rest] = text }
    }
    return result
  }
}

extension String {
  func stripping(prefix: String) -> String? {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
  }
}
