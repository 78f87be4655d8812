import Archive
import Foundation
import Testing

@Suite struct ZipRoundTripTests {
  static let modificationTime: Int64 = 1_700_000_001  // 2023-11-14T22:13:21Z, odd on purpose

  static let entries: [TestEntry] = sortedByUTF8([
    TestEntry(
      path: "README.txt",
      bytes: Array(String(repeating: "deterministic zip archives\n", count: 400).utf8),
      chunkSize: 1000),
    TestEntry(
      path: "dist/pkg-1.0-py3-none-any.whl",
      bytes: pseudoRandomBytes(count: 300 * 1024 + 17, seed: 42),
      compression: .store,
      chunkSize: 64 * 1024),
    TestEntry(path: "docs/héllo.txt", bytes: Array("bonjour, héllo\n".utf8)),
    TestEntry(path: "한국어.txt", bytes: Array("안녕하세요\n".utf8)),
    TestEntry(path: "bin/run.sh", bytes: Array("#!/bin/sh\necho run\n".utf8), executable: true),
    TestEntry(path: "src/a/b/c/nested.py", bytes: Array("print('nested')\n".utf8), chunkSize: 3),
    TestEntry(path: "empty-deflated.txt", bytes: []),
    TestEntry(path: "empty-stored.txt", bytes: [], compression: .store),
  ])

  /// Writes the archive to a file and hands its path to `body`.
  func withArchive(_ body: (String) throws -> Void) throws {
    let bytes = try zipBytes(Self.entries, modificationTime: Self.modificationTime)
    try withTemporaryDirectory { directory in
      let path = directory.appendingPathComponent("test.zip").path
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      try body(path)
    }
  }

  @Test func zipReaderSeesEveryEntryAsWritten() throws {
    try withArchive { path in
      let infos = try ZipReader.entries(atPath: path)
      #expect(infos.map(\.path) == Self.entries.map(\.path))
      for (info, entry) in zip(infos, Self.entries) {
        #expect(info.size == entry.bytes.count, "\(entry.path)")
        #expect(info.compression == entry.compression, "\(entry.path)")
        #expect(info.isStored == (entry.compression == .store), "\(entry.path)")
        #expect(info.mode & 0o170000 == 0o100000, "\(entry.path) is a regular file")
        #expect(info.permissions == (entry.executable ? 0o755 : 0o644), "\(entry.path)")
        #expect(info.modificationTime == Self.modificationTime, "\(entry.path)")
        #expect(info.uid == 0 && info.gid == 0, "\(entry.path)")
      }
      let contents = try ZipReader.contents(atPath: path)
      #expect(contents.map(\.path) == Self.entries.map(\.path))
      for (content, entry) in zip(contents, Self.entries) {
        #expect(firstDifference(content.bytes, entry.bytes) == nil, "\(entry.path)")
      }
    }
  }

  @Test func pythonZipfileAgrees() throws {
    let script = """
      import base64, json, sys, zipfile
      with zipfile.ZipFile(sys.argv[1]) as z:
          print(json.dumps({
              "bad": z.testzip(),
              "entries": [{
                  "name": i.filename,
                  "method": i.compress_type,
                  "mode": i.external_attr >> 16,
                  "date": list(i.date_time),
                  "flags": i.flag_bits,
                  "system": i.create_system,
                  "data": base64.b64encode(z.read(i)).decode(),
              } for i in z.infolist()],
          }))
      """
    try withArchive { path in
      let result = try run(["python3", "-c", script, path])
      #expect(result.status == 0, "\(result.standardError)")
      struct Report: Decodable {
        struct Entry: Decodable {
          let name: String
          let method: Int
          let mode: Int
          let date: [Int]
          let flags: Int
          let system: Int
          let data: String
        }
        let bad: String?
        let entries: [Entry]
      }
      let report = try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
      #expect(report.bad == nil)
      #expect(report.entries.map(\.name) == Self.entries.map(\.path))
      for (found, entry) in zip(report.entries, Self.entries) {
        #expect(found.method == (entry.compression == .store ? 0 : 8), "\(entry.path)")
        #expect(found.mode == (entry.executable ? 0o100755 : 0o100644), "\(entry.path)")
        #expect(found.date == utcDateTimeTuple(Self.modificationTime), "\(entry.path)")
        #expect(found.system == 3, "\(entry.path) made on Unix")
        let isASCII = entry.path.utf8.allSatisfy { $0 < 0x80 }
        #expect((found.flags & 0x800 != 0) == !isASCII, "\(entry.path) UTF-8 name flag")
        #expect(Data(base64Encoded: found.data) == Data(entry.bytes), "\(entry.path)")
      }
    }
  }

  @Test func unzipAndZipinfoAgree() throws {
    try withArchive { path in
      let test = try run(["unzip", "-tq", path])
      #expect(test.status == 0, "\(test.standardOutput)\(test.standardError)")
      #expect(test.standardOutput.contains("No errors detected"))

      let details = try run(["zipinfo", "-v", path])
      #expect(details.status == 0)
      let methods = details.standardOutput.split(separator: "\n")
        .filter { $0.contains("compression method:") }
        .map { $0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces) }
      #expect(methods == Self.entries.map { $0.compression == .store ? "none (stored)" : "deflated" })
    }
  }
}
