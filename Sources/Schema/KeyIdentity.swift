import YAML

/// What makes two mapping keys the same key for PyYAML: their typed value
/// (`1` and `0x1` collide, `"1"` and `1` do not). Collection keys are never
/// equal to anything, since PyYAML cannot even hash them.
struct KeyIdentity: Hashable {
  private let value: ResolvedScalar?
  private let offset: Int

  init(_ key: YAMLNode) {
    if key.scalar != nil, let resolved = key.resolved {
      value = resolved
      offset = -1
    } else {
      value = nil
      offset = key.start.offset
    }
  }
}
