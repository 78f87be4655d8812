/// Python's `str.title()`, exactly: each character is title-cased when the previous character
/// is not cased and lower-cased when it is (so `mAP50` → `Map50` and `x 1st` → `X 1St`), with
/// full case mappings (`ß` → `Ss`) and the final-sigma rule Python applies when lower-casing.
enum PythonTitleCase {
  static func title(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    var result = String.UnicodeScalarView()
    var previousIsCased = false
    for (index, scalar) in scalars.enumerated() {
      if previousIsCased {
        if scalar == "\u{3A3}" {
          result.append(finalSigma(scalars, at: index) ? "\u{3C2}" : "\u{3C3}")
        } else {
          result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
      } else {
        result.append(contentsOf: scalar.properties.titlecaseMapping.unicodeScalars)
      }
      previousIsCased = scalar.properties.isCased
    }
    return String(result)
  }

  /// CPython's `handle_capital_sigma`: Σ is final when a cased letter precedes it (skipping
  /// case-ignorable characters) and none follows it.
  private static func finalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
    var before = index - 1
    while before >= 0 && scalars[before].properties.isCaseIgnorable { before -= 1 }
    guard before >= 0, scalars[before].properties.isCased else { return false }
    var after = index + 1
    while after < scalars.count && scalars[after].properties.isCaseIgnorable { after += 1 }
    return after == scalars.count || !scalars[after].properties.isCased
  }
}
