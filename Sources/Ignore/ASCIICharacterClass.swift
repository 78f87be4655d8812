/// A POSIX bracket-expression class such as `[:digit:]`, with the ASCII-only definitions git uses.
///
/// git classifies bytes with its own locale-independent table (`sane_ctype`), so for example
/// `[:space:]` is tab, newline, carriage return and space (not vertical tab or form feed), and
/// no byte at or above 0x80 belongs to any class. Reproducing that table keeps matching
/// identical to git and independent of the process locale.
enum ASCIICharacterClass: Sendable {
  case alnum, alpha, blank, cntrl, digit, graph, lower, print, punct, space, upper, xdigit

  /// Looks up a class by the bytes between `[:` and `:]`; `nil` for an unknown name, which
  /// git treats as a malformed pattern that matches nothing.
  init?(name: UnsafeBufferPointer<UInt8>) {
    switch String(decoding: name, as: UTF8.self) {
    case "alnum": self = .alnum
    case "alpha": self = .alpha
    case "blank": self = .blank
    case "cntrl": self = .cntrl
    case "digit": self = .digit
    case "graph": self = .graph
    case "lower": self = .lower
    case "print": self = .print
    case "punct": self = .punct
    case "space": self = .space
    case "upper": self = .upper
    case "xdigit": self = .xdigit
    default: return nil
    }
  }

  func contains(_ byte: UInt8) -> Bool {
    let isUpper = byte >= 0x41 && byte <= 0x5A
    let isLower = byte >= 0x61 && byte <= 0x7A
    let isDigit = byte >= 0x30 && byte <= 0x39
    switch self {
    case .alnum: return isUpper || isLower || isDigit
    case .alpha: return isUpper || isLower
    case .blank: return byte == Byte.space || byte == Byte.tab
    case .cntrl: return byte < 0x20 || byte == 0x7F
    case .digit: return isDigit
    case .graph: return byte > 0x20 && byte < 0x7F
    case .lower: return isLower
    case .print: return byte >= 0x20 && byte < 0x7F
    case .punct: return byte > 0x20 && byte < 0x7F && !(isUpper || isLower || isDigit)
    case .space:
      return byte == Byte.space || byte == Byte.tab || byte == Byte.newline || byte == Byte.carriageReturn
    case .upper: return isUpper
    case .xdigit: return isDigit || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
  }
}
