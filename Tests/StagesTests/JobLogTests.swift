import Testing
import YAML

@testable import Stages

@Suite struct JobLogCursorTests {
  @Test func handsOutEachCompleteLineOnce() {
    var cursor = JobLogCursor()
    #expect(cursor.newLines(in: "") == [])
    #expect(cursor.newLines(in: "first\nsecond\npart") == ["first", "second"])
    #expect(cursor.offset == "first\nsecond\n".utf8.count)
    // The same log again: nothing new, the unterminated line still held back.
    #expect(cursor.newLines(in: "first\nsecond\npart") == [])
    #expect(cursor.newLines(in: "first\nsecond\npartial line\nthird\n") == ["partial line", "third"])
    #expect(cursor.newLines(in: "first\nsecond\npartial line\nthird\n") == [])
  }

  @Test func keepsEmptyLinesAndStripsCarriageReturns() {
    var cursor = JobLogCursor()
    #expect(cursor.newLines(in: "a\r\n\nb\r\n\r\n") == ["a", "", "b", ""])
  }

  @Test func countsBytesNotCharacters() {
    var cursor = JobLogCursor()
    #expect(cursor.newLines(in: "héllo 🙂\n") == ["héllo 🙂"])
    #expect(cursor.newLines(in: "héllo 🙂\nünïcode\n") == ["ünïcode"])
    #expect(cursor.offset == "héllo 🙂\nünïcode\n".utf8.count)
  }

  @Test func finishIncludesTheUnterminatedLineOnce() {
    var cursor = JobLogCursor()
    #expect(cursor.newLines(in: "a\nb") == ["a"])
    #expect(cursor.finish("a\nb\nc") == ["b", "c"])
    #expect(cursor.finish("a\nb\nc") == [])
    var fresh = JobLogCursor()
    #expect(fresh.finish("") == [])
    #expect(fresh.finish("only\n") == ["only"])
  }

  @Test func aShrunkLogIsReadFromItsStart() {
    var cursor = JobLogCursor()
    #expect(cursor.newLines(in: "one\ntwo\nthree\n") == ["one", "two", "three"])
    #expect(cursor.newLines(in: "new\n") == ["new"])
  }
}

@Suite struct JobLogLineTests {
  static let progress = #"{"event": "progress", "current": 2, "total": 4}"#

  @Test func plainOutput() {
    #expect(JobLogLine.parse("epoch 1 loss 0.3") == [.output("epoch 1 loss 0.3")])
    #expect(JobLogLine.parse("") == [.output("")])
  }

  @Test func eventAtTheStartOfTheLine() {
    #expect(
      JobLogLine.parse("::synapse-event::" + Self.progress)
        == [.event(.progress(category: nil, current: 2, total: 4), json: Self.progress)])
  }

  @Test func textBeforeTheMarkerIsOutputFirst() {
    #expect(
      JobLogLine.parse("(task pid=4242) ::synapse-event::" + Self.progress)
        == [.output("(task pid=4242) "), .event(.progress(category: nil, current: 2, total: 4), json: Self.progress)])
    let log = #"{"event": "log", "level": "warning", "message": "slow"}"#
    #expect(
      JobLogLine.parse("no newline yet::synapse-event::" + log)
        == [.output("no newline yet"), .event(.log(level: "warning", message: "slow"), json: log)])
  }

  @Test func aMarkerWithoutJSONIsOutput() {
    #expect(JobLogLine.parse("before ::synapse-event::  ") == [.output("before ::synapse-event::  ")])
    #expect(JobLogLine.parse("::synapse-event::") == [.output("::synapse-event::")])
  }

  @Test func anUnknownPayloadIsKeptAsAnEvent() {
    #expect(JobLogLine.parse("::synapse-event::not json") == [.event(.unknown("not json"), json: "not json")])
  }

  @Test func resultEvent() {
    let json = #"{"event": "result", "result": {"ok": true, "items": [1, 2]}}"#
    #expect(
      JobLogLine.parse("::synapse-event::" + json)
        == [.event(.result(.mapping([("ok", .bool(true)), ("items", .sequence([.int(1), .int(2)]))])), json: json)])
  }
}
