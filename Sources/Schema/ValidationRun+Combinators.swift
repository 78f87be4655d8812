import YAML

extension ValidationRun {
  /// `$ref`, `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`.
  mutating func applyCombinators(
    _ schema: SchemaNodeRef, _ node: YAMLNode, _ location: Location, depth: Int, into outcome: inout Outcome
  ) {
    if let ref = schema.node.ref {
      outcome.merge(evaluate(ref, node, location, depth: depth + 1))
    }
    for branch in schema.node.allOf {
      outcome.merge(evaluate(branch, node, location, depth: depth + 1))
    }
    if !schema.node.anyOf.isEmpty {
      var branches: [Outcome] = []
      for branch in schema.node.anyOf {
        let result = evaluate(branch, node, location, depth: depth + 1)
        if result.isValid {
          // Later branches cannot change the verdict; their warnings would
          // be about a reading of the value that was not taken.
          branches = [result]
          break
        }
        branches.append(result)
      }
      outcome.merge(choose(branches, schema, "anyOf", node, location))
    }
    if !schema.node.oneOf.isEmpty {
      var branches: [Outcome] = []
      for branch in schema.node.oneOf {
        branches.append(evaluate(branch, node, location, depth: depth + 1))
      }
      outcome.merge(choose(branches, schema, "oneOf", node, location))
    }
    if let negated = schema.node.not, evaluate(negated, node, location, depth: depth + 1).isValid {
      outcome.add(negation(schema, node, location))
    }
    if let condition = schema.node.ifSchema {
      let holds = evaluate(condition, node, location, depth: depth + 1).isValid
      if let next = holds ? schema.node.thenSchema : schema.node.elseSchema {
        outcome.merge(evaluate(next, node, location, depth: depth + 1))
      }
    }
  }

  private func negation(_ schema: SchemaNodeRef, _ node: YAMLNode, _ location: Location) -> Finding {
    fail(schema, "not", node, location, detail: "\(ValueText.render(node, location)) is not allowed here")
  }

  /// The outcome of an `anyOf` (at least one branch must pass) or `oneOf`
  /// (exactly one must pass).
  private func choose(
    _ branches: [Outcome], _ schema: SchemaNodeRef, _ keyword: String, _ node: YAMLNode, _ location: Location
  ) -> Outcome {
    let passing = branches.filter(\.isValid)
    if passing.count == 1 || (keyword == "anyOf" && !passing.isEmpty) { return passing[0] }
    if passing.count > 1 {
      var outcome = Outcome()
      outcome.add(
        fail(
          schema, keyword, node, location,
          detail: "\(ValueText.render(node, location)) matches more than one of the allowed forms"))
      return outcome
    }
    return bestFailure(of: branches, schema, keyword, node, location)
  }

  /// What to report when no branch passed.
  ///
  /// Listing every branch's failures buries the one that matters, so: when
  /// every branch rejected the value's type, one message names all the
  /// accepted types; otherwise, among the branches that accepted the type,
  /// the one with the fewest errors (the closest miss) is reported.
  private func bestFailure(
    of branches: [Outcome], _ schema: SchemaNodeRef, _ keyword: String, _ node: YAMLNode, _ location: Location
  ) -> Outcome {
    if let template = schema.node.messages.template(for: keyword), !template.isEmpty {
      var outcome = Outcome()
      outcome.add(fail(schema, keyword, node, location, detail: template))
      return outcome
    }
    let isTypeMismatch = { (branch: Outcome) in
      branch.errors.allSatisfy { $0.keyword == "type" && $0.position == node.start && $0.path == location.path }
    }
    let candidates = branches.filter { !isTypeMismatch($0) }
    guard var best = candidates.first else {
      let types = branches.flatMap { $0.errors.flatMap(\.expectedTypes) }
      var finding = fail(
        schema, keyword, node, location, detail: TypeMismatch.detail(node, expected: types, location: location),
        expected: JSONType.phrase(for: types))
      finding.keyword = "type"
      finding.expectedTypes = types
      var outcome = Outcome()
      outcome.add(finding)
      return outcome
    }
    for branch in candidates.dropFirst() where branch.errors.count < best.errors.count {
      best = branch
    }
    return best
  }
}
