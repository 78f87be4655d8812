/// pytest's final line (`==== 12 passed, 1 skipped in 0.52s ====`), read back.
public struct PytestSummary: Sendable, Equatable {
  /// The counts as pytest wrote them, without the duration: `12 passed, 1 skipped`, or
  /// `no tests ran`.
  public let text: String
  /// `0.52s`, when pytest gave one.
  public let duration: String?
  /// `passed` → 12, `skipped` → 1, … (pytest's words, `error` and `errors` alike).
  public let counts: [String: Int]

  public init(text: String, duration: String?, counts: [String: Int]) {
    self.text = text
    self.duration = duration
    self.counts = counts
  }

  /// The last summary line in `output`, or nil when there is none (pytest crashed before it,
  /// or `-qq` hid it).
  public static func parse(_ output: String) -> PytestSummary? {
    for rawLine in output.split(whereSeparator: \.isNewline).reversed() {
      if let summary = parseLine(stripEscapes(String(rawLine))) { return summary }
    }
    return nil
  }

  static func parseLine(_ line: String) -> PytestSummary? {
    var text = Substring(line)
    text = text.drop { $0 == "=" || $0 == " " }
    while let last = text.last, last == "=" || last == " " { text = text.dropLast() }
    guard !text.isEmpty else { return nil }
    var duration: String?
    if let range = text.ranges(of: " in ").last {
      let after = text[range.upperBound...]
      guard after.first?.isNumber == true else { return nil }
      duration = String(after.prefix { $0 != " " })
      text = text[..<range.lowerBound]
    }
    if text == "no tests ran" { return PytestSummary(text: String(text), duration: duration, counts: [:]) }
    var counts: [String: Int] = [:]
    for part in text.split(separator: ",") {
      let words = part.split(separator: " ")
      guard words.count == 2, let n = Int(words[0]), words[1].allSatisfy(\.isLetter) else { return nil }
      counts[String(words[1]), default: 0] += n
    }
    guard !counts.isEmpty, duration != nil else { return nil }
    return PytestSummary(text: String(text), duration: duration, counts: counts)
  }

  /// Removes ANSI colour sequences (`--color=yes` in the user's arguments).
  static func stripEscapes(_ line: String) -> String {
    guard line.contains("\u{1B}") else { return line }
    var out = ""
    var inEscape = false
    for c in line {
      if inEscape {
        if c.isLetter { inEscape = false }
      } else if c == "\u{1B}" {
        inEscape = true
      } else {
        out.append(c)
      }
    }
    return out
  }
}
