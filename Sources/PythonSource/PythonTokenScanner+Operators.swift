extension PythonTokenScanner {
  /// The length of the longest Python 3 operator or delimiter at `index`, or nil.
  func operatorLength(at index: Int) -> Int? {
    let count = source.count
    let first = source[index]
    let second: UInt8 = index + 1 < count ? source[index + 1] : 0
    let third: UInt8 = index + 2 < count ? source[index + 2] : 0
    let equals: UInt8 = 0x3D
    switch first {
    case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3B, 0x7E:  // ( ) [ ] { } , ; ~
      return 1
    case 0x2A, 0x2F, 0x3C, 0x3E:  // * / < >
      if second == first { return third == equals ? 3 : 2 }
      if second == equals { return 2 }
      return 1
    case 0x2E:  // .
      return second == 0x2E && third == 0x2E ? 3 : 1
    case 0x2D:  // -
      return second == equals || second == 0x3E ? 2 : 1
    case 0x3A:  // :
      return second == equals ? 2 : 1
    case 0x3D:  // =
      return second == equals ? 2 : 1
    case 0x21:  // !
      return second == equals ? 2 : nil
    case 0x25, 0x26, 0x2B, 0x40, 0x5E, 0x7C:  // % & + @ ^ |
      return second == equals ? 2 : 1
    default:
      return nil
    }
  }

  /// Emits an OP token and keeps the bracket stack, reporting mismatches and excessive depth.
  mutating func emitOperator(at start: Int, length: Int) {
    let here = location(of: start)
    emit(.op, from: here, bytes: start..<(start + length))
    guard length == 1 else { return }
    let byte = source[start]
    switch byte {
    case 0x28, 0x5B, 0x7B:
      brackets.append((byte, here))
      if brackets.count > PythonTokenizer.maximumBracketDepth && !reportedDepth {
        reportedDepth = true
        report("too many nested parentheses (more than \(PythonTokenizer.maximumBracketDepth))", at: here)
      }
    case 0x29, 0x5D, 0x7D:
      let closing = Character(Unicode.Scalar(byte))
      guard let open = brackets.popLast() else {
        report("unmatched '\(closing)'", at: here)
        return
      }
      let expected: UInt8 = open.byte == 0x28 ? 0x29 : open.byte + 2
      if expected != byte {
        let opening = Character(Unicode.Scalar(open.byte))
        report("closing parenthesis '\(closing)' does not match opening parenthesis '\(opening)'", at: here)
      }
      if brackets.count <= PythonTokenizer.maximumBracketDepth { reportedDepth = false }
    default:
      break
    }
  }
}
