/// Finds the declared field an unknown key was probably meant to be.
///
/// Unknown fields are legal (the Synapse SDK ignores them), so a misspelt
/// field is silently dropped; a warning naming the likely intended field
/// catches that without rejecting deliberate extras. Three signs count as
/// "probably meant": the same name in another case, a small edit distance
/// (one edit for short names, two from six characters on), or a declared
/// name plus or minus a `_word` (`smart_tool_type` for `smart_tool`, which
/// upstream's own template writes).
enum SimilarName {
  static func suggestion(for key: String, among names: [String]) -> String? {
    guard !key.isEmpty, !names.contains(key) else { return nil }
    let lowered = key.lowercased()
    if let match = names.first(where: { $0.lowercased() == lowered }) { return match }
    let keyScalars = Array(lowered.unicodeScalars)
    let limit = keyScalars.count >= 6 ? 2 : 1
    var best: (name: String, distance: Int)?
    for name in names {
      let distance = editDistance(keyScalars, Array(name.lowercased().unicodeScalars), limit: limit)
      if distance <= limit, distance < (best?.distance ?? Int.max) { best = (name, distance) }
    }
    if let best { return best.name }
    return names.first { name in
      lowered.hasPrefix(name.lowercased() + "_") || name.lowercased().hasPrefix(lowered + "_")
    }
  }

  /// Optimal-string-alignment distance (Levenshtein plus adjacent swaps),
  /// giving up with `limit + 1` once it cannot be within `limit`.
  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMinimum = current[0]
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
        rowMinimum = min(rowMinimum, value)
      }
      if rowMinimum > limit { return limit + 1 }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
