import Foundation
import Testing

@testable import Stages

@Suite struct ServerSentEventsTests {
  /// Collects events; `stopAfter` makes the parser end the stream after that many.
  final class Collector: @unchecked Sendable {
    // @unchecked: used from one test's thread only.
    var events: [String] = []
  }

  /// Feeds `pieces` in order; returns the events and what the last `receive` answered.
  func feed(_ pieces: [[UInt8]], stopAfter: Int? = nil) -> (events: [String], open: Bool) {
    let collector = Collector()
    let parser = ServerSentEvents { event in
      collector.events.append(event)
      return stopAfter.map { collector.events.count < $0 } ?? true
    }
    var open = true
    for piece in pieces where open {
      open = piece.withUnsafeBytes { parser.receive($0) }
    }
    return (collector.events, open)
  }

  static let stream = """
    : a comment, then a keep-alive
    :

    event: log
    id: 7
    retry: 1000
    data: {"type": "log", "message": "héllo 🙂"}

    data: first line
    data:second line
    data:  two spaces

    data: x
    data
    data:

    data

    data: {"type": "complete"}


    """
  static let events = [
    #"{"type": "log", "message": "héllo 🙂"}"#, "first line\nsecond line\n two spaces", "x\n\n", "",
    #"{"type": "complete"}"#,
  ]

  @Test func parsesAWholeStream() {
    let result = feed([Array(Self.stream.utf8)])
    #expect(result.events == Self.events)
    #expect(result.open)
  }

  @Test func anySplitInTwoGivesTheSameEvents() {
    let bytes = Array(Self.stream.utf8)
    let failing = (0...bytes.count).filter { cut in
      feed([Array(bytes[..<cut]), Array(bytes[cut...])]).events != Self.events
    }
    #expect(failing == [], "split at these bytes")
  }

  @Test func byteByByteGivesTheSameEvents() {
    #expect(feed(Array(Self.stream.utf8).map { [$0] }).events == Self.events)
  }

  @Test func crlfLineEnds() {
    let crlf = Array(Self.stream.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    #expect(feed([crlf]).events == Self.events)
    #expect(feed(crlf.map { [$0] }).events == Self.events)
  }

  @Test func anUnfinishedEventIsNotDelivered() {
    #expect(feed([Array("data: done\n\ndata: cut off\n".utf8)]).events == ["done"])
    #expect(feed([Array("data: no newline".utf8)]).events == [])
  }

  @Test func returningFalseStopsAtOnce() {
    let bytes = Array("data: 1\n\ndata: 2\n\ndata: 3\n\n".utf8)
    let whole = feed([bytes], stopAfter: 2)
    #expect(whole.events == ["1", "2"])
    #expect(!whole.open)
    let split = feed(bytes.map { [$0] }, stopAfter: 1)
    #expect(split.events == ["1"])
    #expect(!split.open)
  }
}
