import Archive
import Foundation
import Testing

@Suite struct ZipDeterminismTests {
  static let entries: [TestEntry] = sortedByUTF8([
    TestEntry(path: "a.txt", bytes: Array("alpha\n".utf8)),
    TestEntry(path: "data/blob.bin", bytes: pseudoRandomBytes(count: 100_000, seed: 7), compression: .store),
    TestEntry(path: "docs/héllo.txt", bytes: Array(String(repeating: "héllo ", count: 500).utf8)),
    TestEntry(path: "run", bytes: Array("#!/bin/sh\n".utf8), executable: true),
  ])

  @Test func sameInputsAtDifferentWallClockTimesGiveIdenticalBytes() async throws {
    let first = try zipBytes(Self.entries)
    // Crosses at least one DOS two-second boundary and one UT second.
    try await Task.sleep(for: .milliseconds(2100))
    let second = try zipBytes(Self.entries)
    #expect(firstDifference(first, second) == nil)
  }

  @Test func modificationTimeChangesTheBytes() throws {
    let first = try zipBytes(Self.entries, modificationTime: 1_700_000_000)
    let second = try zipBytes(Self.entries, modificationTime: 1_700_000_002)
    #expect(firstDifference(first, second) != nil)
    #expect(first.count == second.count)
  }

  @Test func flagsAndCompressionChangeTheBytes() throws {
    var executable = Self.entries
    executable[0].executable = true
    var stored = Self.entries
    stored[0].compression = .store
    let base = try zipBytes(Self.entries)
    #expect(firstDifference(try zipBytes(executable), base) != nil)
    #expect(firstDifference(try zipBytes(stored), base) != nil)
  }

  @Test func chunkingDoesNotChangeTheBytes() throws {
    let whole = try zipBytes(Self.entries)
    let pieces = try zipBytes(
      Self.entries.map { entry in
        var entry = entry
        entry.chunkSize = 97
        return entry
      })
    #expect(firstDifference(whole, pieces) == nil)
  }
}

/// libarchive derives the DOS timestamp with `localtime()`; ZipWriter replaces
/// it with the UTC value, so the time zone must not leak into the bytes.
///
/// Changing TZ affects the whole test process, so the suite is serialized and
/// restores the previous value. POSIX TZ strings need no tz database.
@Suite(.serialized) struct ZipTimeZoneTests {
  @Test func timeZoneDoesNotChangeTheBytes() throws {
    let previous = getenv("TZ").map { String(cString: $0) }
    defer {
      if let previous {
        setenv("TZ", previous, 1)
      } else {
        unsetenv("TZ")
      }
      tzset()
    }
    var archives: [[UInt8]] = []
    for zone in ["UTC0", "EAST-14", "WEST10"] {
      setenv("TZ", zone, 1)
      tzset()
      archives.append(try zipBytes(ZipDeterminismTests.entries, modificationTime: 1_700_000_001))
    }
    #expect(firstDifference(archives[0], archives[1]) == nil)
    #expect(firstDifference(archives[0], archives[2]) == nil)

    // The DOS fields hold the UTC calendar time: 2023-11-14 22:13:20.
    let time: UInt16 = 22 << 11 | 13 << 5 | 20 / 2
    let date: UInt16 = (2023 - 1980) << 9 | 11 << 5 | 14
    let expected: [UInt8] = [UInt8(time & 0xFF), UInt8(time >> 8), UInt8(date & 0xFF), UInt8(date >> 8)]
    #expect(Array(archives[1][10..<14]) == expected)
  }
}
