import YAML

/// Where the node being validated sits, and what it is to its parent.
struct Location {
  var path: InstancePath
  /// The key whose value is being validated, as written; `nil` at the top
  /// and for sequence items. Used in "quote it" hints.
  var keyText: String?
  /// Where that key starts: missing-field and deprecation diagnostics
  /// point here rather than at the value.
  var keyStart: SourcePosition?
  /// True while validating a mapping key itself (`propertyNames`), so that
  /// messages say "key on ..." rather than describing a value.
  var isKey = false

  static let root = Location(path: .root)

  func child(key: YAMLNode, name: String) -> Location {
    Location(path: path.appending(.key(name)), keyText: key.scalar?.value, keyStart: key.start)
  }

  func child(index: Int) -> Location {
    Location(path: path.appending(.index(index)))
  }

  func keyInstance(_ key: YAMLNode) -> Location {
    Location(path: path, keyText: key.scalar?.value, keyStart: key.start, isKey: true)
  }

  /// What goes before a quoted value in a "quote it" hint: `version: `,
  /// `- ` for a sequence item, nothing at the top.
  var hintPrefix: String {
    if let keyText { return keyText + ": " }
    if case .index = path.components.last { return "- " }
    return ""
  }
}
