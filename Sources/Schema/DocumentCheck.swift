import YAML

/// Checks that hold for every YAML config whatever its schema: no duplicate
/// keys, string keys, and only tags that safe loaders accept.
///
/// PyYAML keeps the last of two equal keys without a word, and turns `on:`
/// into the key `True`; both silently change what the Synapse SDK reads.
/// These checks walk the whole tree, including the parts the schema leaves
/// free-form (`env`, `hyperparameters`), which schema validation never visits.
enum DocumentCheck {
  /// Deeper trees are reported once instead of walked; the YAML loader
  /// already stops at 512 levels, so only hand-built trees get here.
  static let maxDepth = 1_000

  static func findings(in root: YAMLNode) -> [Finding] {
    var walker = Walker()
    walker.walk(root, .root, depth: 0)
    return walker.findings
  }

  private struct Walker {
    var findings: [Finding] = []
    /// Positions already reported: aliases copy a subtree, and its problems
    /// should be reported where they are written, once.
    var reported = Set<String>()

    mutating func walk(_ node: YAMLNode, _ path: InstancePath, depth: Int) {
      guard depth < DocumentCheck.maxDepth else {
        add(.error, path, node.start, "nested more than \(DocumentCheck.maxDepth) levels deep")
        return
      }
      switch node.kind {
      case .scalar:
        checkScalarTag(node, path)
      case .sequence(let items):
        if let tag = node.tag, !Instance.isPlain(tag, "seq") { add(.error, path, node.start, Self.tagProblem(tag)) }
        for (index, item) in items.enumerated() {
          walk(item, path.appending(.index(index)), depth: depth + 1)
        }
      case .mapping(let pairs):
        if let tag = node.tag, !Instance.isPlain(tag, "map") { add(.error, path, node.start, Self.tagProblem(tag)) }
        walkPairs(pairs, path, depth: depth)
      }
    }

    private mutating func walkPairs(_ pairs: [YAMLPair], _ path: InstancePath, depth: Int) {
      var firstKeys: [KeyIdentity: YAMLNode] = [:]
      for pair in pairs {
        let key = pair.key
        let text = key.scalar?.value ?? "?"
        let childPath = path.appending(.key(text))
        if EffectiveMapping.isMergeKey(key) {
          checkMergeSource(pair.value, childPath)
          walk(pair.value, childPath, depth: depth + 1)
          continue
        }
        let identity = KeyIdentity(key)
        if let first = firstKeys[identity] {
          add(
            .error, path, key.start,
            "duplicate key \(Self.keyText(key)) (first defined at \(first.start.line):\(first.start.column))")
        } else {
          firstKeys[identity] = key
        }
        checkKey(key, path, depth: depth)
        walk(pair.value, childPath, depth: depth + 1)
      }
    }

    private mutating func checkKey(_ key: YAMLNode, _ path: InstancePath, depth: Int) {
      guard key.scalar != nil else {
        add(.warning, path, key.start, "key is \(key.sequence != nil ? "a sequence" : "a mapping"), not a string")
        walk(key, path, depth: depth + 1)
        return
      }
      checkScalarTag(key, path)
      switch Instance(key) {
      case .string, .unsupported:
        break
      default:
        let location = Location(path: path, keyText: key.scalar?.value, keyStart: key.start, isKey: true)
        add(.warning, path, key.start, TypeMismatch.detail(key, expected: [.string], location: location))
      }
    }

    /// `<<` needs a mapping or a sequence of mappings; PyYAML refuses the
    /// whole file otherwise.
    private mutating func checkMergeSource(_ value: YAMLNode, _ path: InstancePath) {
      let mergeable: Bool
      switch value.kind {
      case .mapping: mergeable = true
      case .sequence(let items): mergeable = items.allSatisfy { $0.mapping != nil }
      case .scalar: mergeable = false
      }
      if !mergeable {
        add(.error, path, value.start, "a merge key (<<) needs a mapping or a sequence of mappings")
      }
    }

    private mutating func checkScalarTag(_ node: YAMLNode, _ path: InstancePath) {
      guard let tag = node.tag, node.resolved == nil else { return }
      let text = node.scalar?.value ?? ""
      if tag.hasPrefix("tag:yaml.org,2002:") && ["int", "float", "bool", "null"].contains(tag.dropFirst(18)) {
        add(.error, path, node.start, "\(ValueText.quoted(text)) is not a valid \(Self.shortTag(tag))")
      } else {
        add(.error, path, node.start, Self.tagProblem(tag))
      }
    }

    private mutating func add(
      _ severity: SchemaDiagnostic.Severity, _ path: InstancePath, _ position: SourcePosition, _ detail: String
    ) {
      guard reported.insert("\(position.offset):\(detail)").inserted else { return }
      findings.append(Finding(severity: severity, path: path, position: position, detail: detail, keyword: "document"))
    }

    /// Core-schema tags (`!!set`, `!!binary`, `!!timestamp`) load, but not
    /// as plain data a config can hold; any other tag stops safe loaders.
    private static func tagProblem(_ tag: String) -> String {
      if tag.hasPrefix("tag:yaml.org,2002:") {
        return "tag \(shortTag(tag)) makes a value a config cannot hold; remove the tag"
      }
      return "tag \(shortTag(tag)) is not supported (safe YAML loaders reject it)"
    }

    private static func keyText(_ key: YAMLNode) -> String {
      "'\(key.scalar?.value ?? "?")'"
    }

    /// `!!int` for the core schema's long form; other tags as written.
    private static func shortTag(_ tag: String) -> String {
      tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
    }
  }
}
