import Archive
import Foundation

/// A file to put into a test archive.
struct TestEntry {
  var path: String
  var bytes: [UInt8]
  var executable = false
  var compression = ZipCompression.deflate
  /// Size of the pieces `contents` hands to `write`, to exercise chunking.
  var chunkSize = 1 << 20
}

/// An error type of the tests' own, to check errors come back unwrapped.
struct TestFailure: Error, Equatable {
  let reason: String
}

/// Writes `entries` in the given order and returns the archive bytes.
func zipBytes(_ entries: [TestEntry], modificationTime: Int64 = 1_700_000_001) throws -> [UInt8] {
  var output: [UInt8] = []
  let writer = try ZipWriter(modificationTime: modificationTime) { output.append(contentsOf: $0) }
  for entry in entries {
    try add(entry, to: writer)
  }
  try writer.finish()
  return output
}

func add(_ entry: TestEntry, to writer: ZipWriter) throws {
  try writer.addFile(
    path: entry.path, executable: entry.executable, size: entry.bytes.count, compression: entry.compression
  ) { write in
    try entry.bytes.withUnsafeBytes { all in
      var offset = 0
      repeat {
        let end = min(offset + entry.chunkSize, all.count)
        try write(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
        offset = end
      } while offset < all.count
    }
  }
}

/// Sorts the way callers do: by the UTF-8 bytes of the path.
func sortedByUTF8(_ entries: [TestEntry]) -> [TestEntry] {
  entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
}

/// Deterministic pseudo-random bytes (xorshift64*), so failures reproduce.
func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
  var state = seed | 1
  var bytes: [UInt8] = []
  bytes.reserveCapacity(count)
  while bytes.count < count {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    var word = state &* 0x2545_F491_4F6C_DD1D
    for _ in 0..<8 where bytes.count < count {
      bytes.append(UInt8(truncatingIfNeeded: word))
      word >>= 8
    }
  }
  return bytes
}

/// A fresh directory under the system temporary directory, removed by `body`'s caller.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("archive-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  return try body(directory)
}

struct ProcessResult {
  let status: Int32
  let standardOutput: String
  let standardError: String
}

/// Runs a program found on PATH and collects its output.
func run(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  if let environment {
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  }
  let outputPipe = Pipe()
  let errorPipe = Pipe()
  process.standardOutput = outputPipe
  process.standardError = errorPipe
  try process.run()
  // stdout can be large (encoded archive contents); stderr stays far below
  // a pipe's capacity, so reading them one after the other cannot deadlock.
  let outputData = outputPipe.fileHandleForReading.readDataToEndOfFile()
  let errorData = errorPipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return ProcessResult(
    status: process.terminationStatus,
    standardOutput: String(decoding: outputData, as: UTF8.self),
    standardError: String(decoding: errorData, as: UTF8.self))
}

/// The MS-DOS (date, time) fields Python reports for `unixTime` taken as UTC.
func utcDateTimeTuple(_ unixTime: Int64) -> [Int] {
  var seconds = time_t(unixTime)
  var fields = tm()
  gmtime_r(&seconds, &fields)
  return [
    Int(fields.tm_year) + 1900, Int(fields.tm_mon) + 1, Int(fields.tm_mday),
    Int(fields.tm_hour), Int(fields.tm_min), Int(fields.tm_sec) / 2 * 2,
  ]
}

/// Where two archives first differ (nil when identical), so failing
/// expectations report an offset instead of printing whole archives.
func firstDifference(_ first: [UInt8], _ second: [UInt8]) -> Int? {
  for (index, (left, right)) in zip(first, second).enumerated() where left != right {
    return index
  }
  return first.count == second.count ? nil : min(first.count, second.count)
}
