import HTTP

/// Parses a `text/event-stream` body as it arrives (the WHATWG format): `data:` lines are
/// joined until a blank line ends the event, which is handed to `onEvent`; returning false
/// ends the stream.
final class ServerSentEvents: HTTPResponseStream, @unchecked Sendable {
  // @unchecked: fed by one transfer on one thread, as HTTPResponseStream promises.
  private var pending: [UInt8] = []
  private var data: [String] = []
  private let onEvent: (String) -> Bool

  init(onEvent: @escaping (String) -> Bool) {
    self.onEvent = onEvent
  }

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
