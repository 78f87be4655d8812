import YAML

/// One pass of a schema over one document.
///
/// Keeps the per-run state (compiled regular expressions) out of the
/// `Sendable` validator, and walks schema and document together,
/// recursively. The recursion is bounded by `maxDepth`, counted over schema
/// and document levels alike, so a self-referencing schema or a deeply
/// nested document ends in a diagnostic rather than a stack overflow.
///
/// Functions on the recursive path (`evaluate`, `checkMapping`,
/// `checkSequence`, `applyCombinators`) only dispatch; messages are built in
/// separate functions whose frames are gone before the next level starts,
/// which keeps each level's stack use small even in debug builds.
struct ValidationRun {
  /// Enough for the YAML loader's 512 levels of nesting under a schema that
  /// spends a `$ref` per level, with room to spare on an 8 MiB stack.
  static let maxDepth = 1_100

  let nodes: [SchemaNodeRef]
  var patterns = PatternCache()

  init(nodes: [SchemaNodeRef]) {
    self.nodes = nodes
  }

  /// Applies subschema `index` to `node`.
  mutating func evaluate(_ index: Int, _ node: YAMLNode, _ location: Location, depth: Int) -> Outcome {
    let schema = nodes[index]
    if let constant = schema.node.constantResult {
      return constant ? Outcome() : rejection(schema, node, location)
    }
    guard depth < Self.maxDepth else { return tooDeep(node, location) }
    var outcome = Outcome()
    guard checkAssertions(schema, node, location, into: &outcome) else {
      return finish(outcome, schema)
    }
    switch node.kind {
    case .mapping(let pairs):
      checkMapping(schema, node, pairs, location, depth: depth, into: &outcome)
    case .sequence(let items):
      checkSequence(schema, node, items, location, depth: depth, into: &outcome)
    case .scalar:
      break
    }
    applyCombinators(schema, node, location, depth: depth, into: &outcome)
    return finish(outcome, schema)
  }

  private func finish(_ outcome: Outcome, _ schema: SchemaNodeRef) -> Outcome {
    guard schema.node.severity == .warning else { return outcome }
    var downgraded = outcome
    downgraded.downgrade()
    return downgraded
  }

  private func rejection(_ schema: SchemaNodeRef, _ node: YAMLNode, _ location: Location) -> Outcome {
    var outcome = Outcome()
    outcome.add(
      fail(schema, "false", node, location, detail: "\(ValueText.render(node, location)) is not allowed here"))
    return outcome
  }

  private func tooDeep(_ node: YAMLNode, _ location: Location) -> Outcome {
    var outcome = Outcome()
    outcome.add(
      Finding(
        severity: .error, path: location.path, position: node.start,
        detail: "nested too deeply to validate (more than \(Self.maxDepth) schema levels)", keyword: "depth"))
    return outcome
  }

  /// A failure of one of `schema`'s own keywords, worded by the schema's
  /// `x-message` when it has one for that keyword.
  func fail(
    _ schema: SchemaNodeRef, _ keyword: String, _ node: YAMLNode, _ location: Location,
    detail: @autoclosure () -> String, expected: @autoclosure () -> String = "",
    severity: SchemaDiagnostic.Severity = .error, position: SourcePosition? = nil
  ) -> Finding {
    let text =
      schema.node.messages.message(for: keyword, value: ValueText.render(node, location), expected: expected())
      ?? detail()
    return Finding(
      severity: severity, path: location.path, position: position ?? node.start, detail: text, keyword: keyword)
  }

  func plural(_ count: Int, _ noun: String) -> String {
    count == 1 ? noun : noun + "s"
  }
}
