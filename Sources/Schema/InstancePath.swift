/// Where a node sits in the document, rendered the way people write it:
/// `actions.train.method`, `tasks[2]`, `env["A.B"]`.
struct InstancePath: Sendable, Hashable, CustomStringConvertible {
  enum Component: Sendable, Hashable {
    case key(String)
    case index(Int)
  }

  private(set) var components: [Component] = []

  static let root = InstancePath()

  func appending(_ component: Component) -> InstancePath {
    var path = self
    path.components.append(component)
    return path
  }

  var isRoot: Bool { components.isEmpty }

  var description: String {
    var text = ""
    for component in components {
      switch component {
      case .index(let index):
        text += "[\(index)]"
      case .key(let key) where Self.isBare(key):
        text += text.isEmpty ? key : "." + key
      case .key(let key):
        text += "[" + ValueText.quoted(key) + "]"
      }
    }
    return text
  }

  /// Keys that read unambiguously after a dot.
  private static func isBare(_ key: String) -> Bool {
    !key.isEmpty
      && key.unicodeScalars.allSatisfy { scalar in
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
          || scalar == "$"
      }
  }
}
