/// Parts of a token range split at a top-level separator.
struct TopLevelSplit {
  var parts: [Range<Int>] = []
  var separators: [Int] = []
  var hasComprehension = false
  var hasLambda = false
}
