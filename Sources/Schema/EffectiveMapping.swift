import YAML

/// A mapping's pairs as PyYAML's `safe_load` builds the dict: merge keys
/// (`<<: *defaults`) expanded, explicit keys overriding merged ones, and
/// the last of duplicate keys winning.
///
/// The YAML module keeps the source as written (duplicates and `<<` pairs
/// included) so that diagnostics can point at them; validation must see
/// what the Synapse SDK will see.
enum EffectiveMapping {
  /// Pairs in first-seen key order, each holding the winning value.
  static func pairs(_ pairs: [YAMLPair]) -> [YAMLPair] {
    guard pairs.contains(where: { isMergeKey($0.key) }) || hasDuplicateKeys(pairs) else { return pairs }
    var merged: [YAMLPair] = []
    var explicit: [YAMLPair] = []
    for pair in pairs {
      guard isMergeKey(pair.key) else {
        explicit.append(pair)
        continue
      }
      switch pair.value.kind {
      case .mapping(let source):
        merged += Self.pairs(source)
      case .sequence(let sources):
        // PyYAML gives earlier mappings of the list priority over later ones.
        for source in sources.reversed() {
          if case .mapping(let inner) = source.kind { merged += Self.pairs(inner) }
        }
      case .scalar:
        // Not mergeable; DocumentCheck reports it.
        break
      }
    }
    var order: [KeyIdentity] = []
    var winners: [KeyIdentity: YAMLPair] = [:]
    for pair in merged + explicit {
      let identity = KeyIdentity(pair.key)
      if winners[identity] == nil { order.append(identity) }
      winners[identity] = pair
    }
    return order.compactMap { winners[$0] }
  }

  /// Whether `key` is YAML's merge key `<<`.
  static func isMergeKey(_ key: YAMLNode) -> Bool {
    guard let scalar = key.scalar, scalar.value == "<<" else { return false }
    if key.tag == "tag:yaml.org,2002:merge" { return true }
    return key.tag == nil && scalar.style == .plain
  }

  private static func hasDuplicateKeys(_ pairs: [YAMLPair]) -> Bool {
    var seen = Set<KeyIdentity>()
    for pair in pairs where !seen.insert(KeyIdentity(pair.key)).inserted {
      return true
    }
    return false
  }
}
