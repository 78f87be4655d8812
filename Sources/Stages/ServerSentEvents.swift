import HTTP

/// Parses a `text/event-stream` body as it arrives (the WHATWG format): `data:` lines are
/// joined until a blank line ends the event, which is handed to `onEvent`; returning false
/// ends the stream.
final class ServerSentEvents: HTTPResponseSink {
  private var pending: [UInt8] = []
  private var data: [String] = []
  private var delivered = 0
  private let onEvent: (String) -> Bool
  private(set) var isFinished = false

  /// The stream broke after events were shown; a new attempt would show them again.
  struct Interrupted: Error, CustomStringConvertible {
    let events: Int
    var description: String { "the event stream broke after \(events) events and is not restarted (they would repeat)" }
  }

  init(onEvent: @escaping (String) -> Bool) {
    self.onEvent = onEvent
  }

  func begin() throws {
    guard delivered == 0 else { throw Interrupted(events: delivered) }
    pending = []
    data = []
  }

  func write(_ chunk: UnsafeRawBufferPointer) {
    guard !isFinished else { return }
    isFinished = !receive(chunk)
  }

  /// Returns false once `onEvent` asked to stop.
  func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
    pending.append(contentsOf: bytes)
    while let newline = pending.firstIndex(of: 0x0A) {
      var line = pending[..<newline]
      if line.last == 0x0D { line = line.dropLast() }
      let text = String(decoding: line, as: UTF8.self)
      pending.removeSubrange(...newline)
      if text.isEmpty {
        guard !data.isEmpty else { continue }
        let event = data.joined(separator: "\n")
        data = []
        delivered += 1
        if !onEvent(event) { return false }
      } else if text.hasPrefix("data:") {
        var value = text.dropFirst(5)
        if value.first == " " { value = value.dropFirst() }
        data.append(String(value))
      } else if text == "data" {
        // A field name without a colon has an empty value.
        data.append("")
      }
      // `event:`, `id:`, `retry:` and comments carry nothing upstream's stream uses.
    }
    return true
  }
}
