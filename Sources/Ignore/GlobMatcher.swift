/// A compiled glob that matches byte strings exactly the way git's `wildmatch()` does.
///
/// Ignore files are only useful if they mean the same thing here as they mean to git,
/// so this is a faithful port of git's `dowild()` (wildmatch.c) rather than a fresh glob
/// implementation: `*`, `?`, `[...]` (ranges, `!`/`^` negation, `[:class:]`), backslash
/// escapes, and the `**` rules, including git's quirks (for instance, `**` only counts as
/// "any number of directories" when it starts the glob or follows a `/`, and the start of
/// the glob is wherever matching of it begins).
///
/// The matcher works on UTF-8 bytes and allocates only when a pathological glob spends its
/// budget of calls (see ``Search``).
struct GlobMatcher: Sendable {
  /// The glob's bytes, exactly as they appear in the ignore file (escapes included).
  let pattern: [UInt8]
  /// `true` gives git's `WM_PATHNAME` behaviour: wildcards do not match `/` and `**`
  /// gets its directory-spanning meaning. `false` lets `*` and `?` match `/` too.
  let pathname: Bool

  init(_ pattern: [UInt8], pathname: Bool) {
    self.pattern = pattern
    self.pathname = pathname
  }

  /// Whether the whole of `text` matches the glob.
  func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    matchesCountingCalls(text).matches
  }

  /// ``matches(_:)`` and the number of matching calls it made; `budget` is the number of
  /// calls before outcomes are remembered (tests lower it to check that remembering changes
  /// no answer).
  func matchesCountingCalls(_ text: UnsafeBufferPointer<UInt8>, budget: Int = Search.budget) -> (
    matches: Bool, calls: Int
  ) {
    let pathname = self.pathname
    return pattern.withUnsafeBufferPointer { glob in
      var search = Search(patternCount: glob.count, textCount: text.count, budget: budget)
      let matched = Self.dowild(glob, from: 0, text, from: 0, pathname: pathname, search: &search) == .match
      return (matched, search.calls)
    }
  }

  /// Bounds the matcher's work. git's `dowild()` retries every split point of every star, so
  /// `*a*a*a*a*a*a*a*a*b` against a long path takes exponential time (minutes for 3,000
  /// characters). Each recursive call and each star's scan is a pure function of its pattern
  /// and text positions, so past a small budget of calls their outcomes are remembered
  /// (one byte per position pair): the answer is git's, and the work polynomial, bounded by
  /// pattern length × path length calls. Ordinary patterns never spend the budget and never
  /// allocate.
  struct Search {
    static let budget = 512
    let width: Int
    let patternCount: Int
    let budget: Int
    var calls = 0
    /// (pattern position, text position) → outcome + 1, for calls and for star scans.
    var calledTable: [UInt8] = []
    var scanTable: [UInt8] = []

    init(patternCount: Int, textCount: Int, budget: Int) {
      width = textCount + 1
      self.patternCount = patternCount + 1
      self.budget = budget
    }

    var isMemoising: Bool { !calledTable.isEmpty }

    mutating func countCall() {
      calls += 1
      if calls == max(budget, 1) {
        calledTable = [UInt8](repeating: 0, count: patternCount * width)
        scanTable = [UInt8](repeating: 0, count: patternCount * width)
      }
    }
  }

  // MARK: - The matching engine

  /// Mirrors wildmatch's result codes; the two abort codes let the recursion stop early
  /// instead of retrying every split point (which keeps pathological globs linear-ish).
  private enum Outcome: UInt8 {
    case match
    case noMatch
    case abortAll
    case abortToStarStar
  }

  /// Byte at `index`, or 0 past the end, which reproduces the C code's reliance on the
  /// terminating NUL (paths and patterns never contain a real NUL byte).
  @inline(__always)
  private static func byte(_ buffer: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt8 {
    index < buffer.count ? buffer[index] : 0
  }

  @inline(__always)
  private static func isGlobSpecial(_ byte: UInt8) -> Bool {
    byte == Byte.star || byte == Byte.question || byte == Byte.openBracket || byte == Byte.backslash
  }

  private static func firstSlash(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var index = start
    while index < text.count {
      if text[index] == Byte.slash { return index }
      index += 1
    }
    return nil
  }

  /// Port of git's `dowild()`. `patternStart` plays the role of the C local `pattern`,
  /// which matters for deciding whether a `**` is at the start of the glob.
  private static func dowild(
    _ glob: UnsafeBufferPointer<UInt8>, from patternStart: Int,
    _ text: UnsafeBufferPointer<UInt8>, from textStart: Int,
    pathname: Bool, search: inout Search
  ) -> Outcome {
    search.countCall()
    let key = min(patternStart, search.patternCount - 1) * search.width + min(textStart, search.width - 1)
    if search.isMemoising, let known = Outcome(rawValue: search.calledTable[key] &- 1) { return known }
    let outcome = dowildUnmemoised(glob, from: patternStart, text, from: textStart, pathname: pathname, search: &search)
    if search.isMemoising { search.calledTable[key] = outcome.rawValue + 1 }
    return outcome
  }

  private static func dowildUnmemoised(
    _ glob: UnsafeBufferPointer<UInt8>, from patternStart: Int,
    _ text: UnsafeBufferPointer<UInt8>, from textStart: Int,
    pathname: Bool, search: inout Search
  ) -> Outcome {
    var p = patternStart
    var t = textStart
    while true {
      var pCh = byte(glob, p)
      if pCh == 0 { break }
      var tCh = byte(text, t)
      if tCh == 0 && pCh != Byte.star { return .abortAll }

      switch pCh {
      case Byte.backslash:
        // Literal match with the following byte; a trailing backslash matches nothing.
        p += 1
        pCh = byte(glob, p)
        if tCh != pCh { return .noMatch }

      case Byte.question:
        if pathname && tCh == Byte.slash { return .noMatch }

      case Byte.star:
        let matchSlash: Bool
        p += 1
        if byte(glob, p) == Byte.star {
          let prevP = p - 2
          p += 1
          while byte(glob, p) == Byte.star { p += 1 }
          let next = byte(glob, p)
          if !pathname {
            matchSlash = true
          } else if (prevP < patternStart || byte(glob, prevP) == Byte.slash)
            && (next == 0 || next == Byte.slash
              || (next == Byte.backslash && byte(glob, p + 1) == Byte.slash))
          {
            // "**/" may also match nothing at all: "foo/**/bar" matches "foo/bar".
            if next == Byte.slash
              && dowild(glob, from: p + 1, text, from: t, pathname: pathname, search: &search) == .match
            {
              return .match
            }
            matchSlash = true
          } else {
            matchSlash = false
          }
        } else {
          matchSlash = !pathname
        }

        let next = byte(glob, p)
        if next == 0 {
          // A trailing "**" matches everything; a trailing "*" only within one component.
          if !matchSlash && firstSlash(in: text, from: t) != nil { return .noMatch }
          return .match
        } else if !matchSlash && next == Byte.slash {
          // A single "*" followed by "/" consumes exactly the rest of this component;
          // the slash itself is consumed by the loop step below.
          guard let slash = firstSlash(in: text, from: t) else { return .noMatch }
          t = slash
        } else {
          // The scan's outcome from any position it passes is the same (it only moves
          // forward), so once memoising, every position from `scanStart` to where it ended
          // records it, and a later scan of this star stops at the first recorded position.
          let scanStart = t
          let row = min(p, search.patternCount - 1) * search.width
          func finish(_ outcome: Outcome, at end: Int, _ search: inout Search) -> Outcome {
            if search.isMemoising {
              for position in scanStart...min(end, search.width - 1) {
                search.scanTable[row + position] = outcome.rawValue + 1
              }
            }
            return outcome
          }
          while true {
            if search.isMemoising, t < search.width, let known = Outcome(rawValue: search.scanTable[row + t] &- 1) {
              return finish(known, at: t, &search)
            }
            if tCh == 0 { break }
            if !isGlobSpecial(next) {
              // Skip ahead to the next occurrence of the literal that follows the star.
              while true {
                tCh = byte(text, t)
                if tCh == 0 || (!matchSlash && tCh == Byte.slash) { break }
                if tCh == next { break }
                t += 1
              }
              if tCh != next { return finish(.noMatch, at: t, &search) }
            }
            let matched = dowild(glob, from: p, text, from: t, pathname: pathname, search: &search)
            if matched != .noMatch {
              if !matchSlash || matched != .abortToStarStar { return finish(matched, at: t, &search) }
            } else if !matchSlash && tCh == Byte.slash {
              return finish(.abortToStarStar, at: t, &search)
            }
            t += 1
            tCh = byte(text, t)
          }
          return finish(.abortAll, at: t, &search)
        }

      case Byte.openBracket:
        p += 1
        pCh = byte(glob, p)
        if pCh == Byte.caret { pCh = Byte.bang }
        let negated = pCh == Byte.bang
        if negated {
          p += 1
          pCh = byte(glob, p)
        }
        var prevCh: UInt8 = 0
        var matched = false
        repeat {
          if pCh == 0 { return .abortAll }
          if pCh == Byte.backslash {
            p += 1
            pCh = byte(glob, p)
            if pCh == 0 { return .abortAll }
            if tCh == pCh { matched = true }
          } else if pCh == Byte.dash && prevCh != 0 && byte(glob, p + 1) != 0
            && byte(glob, p + 1) != Byte.closeBracket
          {
            p += 1
            pCh = byte(glob, p)
            if pCh == Byte.backslash {
              p += 1
              pCh = byte(glob, p)
              if pCh == 0 { return .abortAll }
            }
            if tCh <= pCh && tCh >= prevCh { matched = true }
            pCh = 0  // a range cannot start another range
          } else if pCh == Byte.openBracket && byte(glob, p + 1) == Byte.colon {
            p += 2
            let classStart = p
            while true {
              pCh = byte(glob, p)
              if pCh == 0 || pCh == Byte.closeBracket { break }
              p += 1
            }
            if pCh == 0 { return .abortAll }
            let nameLength = p - classStart - 1
            if nameLength < 0 || byte(glob, p - 1) != Byte.colon {
              // No ":]": the "[" is an ordinary member of the set.
              p = classStart - 2
              pCh = Byte.openBracket
              if tCh == pCh { matched = true }
            } else {
              let name = UnsafeBufferPointer(rebasing: glob[classStart..<(classStart + nameLength)])
              guard let characterClass = ASCIICharacterClass(name: name) else {
                return .abortAll
              }
              if characterClass.contains(tCh) { matched = true }
              pCh = 0
            }
          } else if tCh == pCh {
            matched = true
          }
          prevCh = pCh
          p += 1
          pCh = byte(glob, p)
        } while pCh != Byte.closeBracket
        if matched == negated || (pathname && tCh == Byte.slash) { return .noMatch }

      default:
        if tCh != pCh { return .noMatch }
      }
      p += 1
      t += 1
    }
    return byte(text, t) != 0 ? .noMatch : .match
  }
}

/// The byte values the ignore code cares about, named so the matching code reads like git's.
enum Byte {
  static let nul: UInt8 = 0
  static let tab: UInt8 = 0x09
  static let newline: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let space: UInt8 = 0x20
  static let bang: UInt8 = 0x21  // !
  static let hash: UInt8 = 0x23  // #
  static let star: UInt8 = 0x2A  // *
  static let dash: UInt8 = 0x2D  // -
  static let slash: UInt8 = 0x2F  // /
  static let colon: UInt8 = 0x3A  // :
  static let question: UInt8 = 0x3F  // ?
  static let openBracket: UInt8 = 0x5B  // [
  static let backslash: UInt8 = 0x5C  // \
  static let closeBracket: UInt8 = 0x5D  // ]
  static let caret: UInt8 = 0x5E  // ^
}
