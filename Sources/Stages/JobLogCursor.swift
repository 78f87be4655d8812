/// Follows a log that is only ever read whole (Ray's `/logs` has no offset): remembers how
/// much was seen and hands out the complete new lines, each once.
///
/// A line still being written (no newline yet) is held back until it is complete, or until
/// the job has ended (`finish`).
public struct JobLogCursor: Sendable {
  /// UTF-8 bytes of the log consumed so far.
  public private(set) var offset = 0

  public init() {}

  /// The complete lines added since the last call.
  public mutating func newLines(in log: String) -> [String] {
    let bytes = Array(log.utf8)
    // A log that shrank was rotated or truncated: start again from its beginning.
    if bytes.count < offset { offset = 0 }
    guard let lastNewline = bytes.lastIndex(of: 0x0A), lastNewline >= offset else { return [] }
    let chunk = bytes[offset...lastNewline]
    offset = lastNewline + 1
    return Self.split(chunk)
  }

  /// Every line not yet handed out, the unterminated last one included.
  public mutating func finish(_ log: String) -> [String] {
    var lines = newLines(in: log)
    let bytes = Array(log.utf8)
    if offset < bytes.count {
      lines += Self.split(bytes[offset...])
      offset = bytes.count
    }
    return lines
  }

  private static func split(_ bytes: ArraySlice<UInt8>) -> [String] {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
      String(decoding: $0.last == 0x0D ? $0.dropLast() : $0, as: UTF8.self)
    }
    if bytes.last == 0x0A { lines.removeLast() }
    return lines
  }
}
