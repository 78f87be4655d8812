/// The letters before a string literal's opening quote (`r`, `b`, `f`, `u` and the two-letter
/// combinations Python 3 accepts, in any case).
struct PythonStringPrefix: Equatable {
  var isRaw = false
  var isBytes = false
  var isFormatted = false

  /// Parses a prefix, or returns nil when the letters are not a valid Python 3 string prefix.
  init?<Bytes: Collection>(_ letters: Bytes) where Bytes.Element == UInt8 {
    guard letters.count <= 2 else { return nil }
    var sawUnicode = false
    for letter in letters {
      switch letter | 0x20 {
      case 0x72:
        guard !isRaw else { return nil }
        isRaw = true
      case 0x62:
        guard !isBytes else { return nil }
        isBytes = true
      case 0x66:
        guard !isFormatted else { return nil }
        isFormatted = true
      case 0x75:
        guard !sawUnicode else { return nil }
        sawUnicode = true
      default:
        return nil
      }
    }
    if sawUnicode && letters.count > 1 { return nil }
    if isBytes && isFormatted { return nil }
  }
}
