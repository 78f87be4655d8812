import Foundation
import Hashing
import TestSupport
import Testing

/// A cached archive damaged after it was written: same size, mtime put back, so only its
/// bytes (and its ctime, which no process can set back) tell.
@Suite struct CLICacheIntegrityTests {
  /// Flips one byte at `offset` (default: the middle) and restores the mtime.
  static func flipByte(_ path: String, at offset: Int? = nil) throws {
    var st = stat()
    #expect(stat(path, &st) == 0)
    var bytes = try #require(FileManager.default.contents(atPath: path))
    let i = offset ?? bytes.count / 2
    bytes[i] ^= 0x20
    chmod(path, 0o644)
    try bytes.write(to: URL(fileURLWithPath: path))
    chmod(path, mode_t(st.st_mode & 0o7777))
    var times = [st.st_atim, st.st_mtim]
    #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    var after = stat()
    #expect(stat(path, &after) == 0)
    #expect(after.st_size == st.st_size && after.st_mtim.tv_nsec == st.st_mtim.tv_nsec)
  }

  static func sha256(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { SHA256.hash(bytes: Array($0)).hex }
  }

  @Test func aDamagedArchiveIsRebuiltWithAWarningInsteadOfPrintedAsValid() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let (first, built) = try f.buildJSON(plugin)
    #expect(first.status == 0, "\(first.stderr)")
    let sha = try #require(built.archive["sha256"] as? String)
    let path = try #require(built.archive["path"] as? String)
    f.synapse(["build", "-p", plugin])  // a null build: the object's stat is now vouched for
    try Self.flipByte(path)

    let (second, json) = try f.buildJSON(plugin)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(json.stageStatuses["archive"] == "ran")
    #expect(json.stageStatuses["checksum"] == "cached")
    let warnings = json["warnings"] as? [String] ?? []
    #expect(
      warnings.contains { $0.contains("did not match its SHA-256") && $0.contains("stage 'archive'") }, "\(warnings)")
    #expect(json.archive["sha256"] as? String == sha)
    #expect(Self.sha256(path) == sha)

    let out = f.scratch.url("out.zip")
    let copy = f.synapse(["build", "-p", plugin, "-o", out])
    #expect(copy.status == 0, "\(copy.stderr)")
    #expect(Self.sha256(out) == sha)
    // Repaired: the next build is a null build again, without a warning.
    let (_, again) = try f.buildJSON(plugin)
    #expect(again["ran"] as? Int == 0)
    #expect((again["warnings"] as? [String] ?? []).isEmpty)
  }

  /// Damage that the stat does not show (a failing disk): the stat cache still vouches for
  /// the object, and only the copy, which hashes what it writes, can tell.
  @Test func copyingOutHashesTheBytesAndRebuildsOnAMismatch() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let (_, built) = try f.buildJSON(plugin)
    let sha = try #require(built.archive["sha256"] as? String)
    let path = try #require(built.archive["path"] as? String)
    usleep(50_000)
    f.synapse(["build", "-p", plugin])
    try Self.flipByte(path)
    // Make the workspace's stat cache vouch for the damaged object's new stat.
    let workspaces = f.cache.url("workspaces")
    let workspace = try #require(try FileManager.default.contentsOfDirectory(atPath: workspaces).first)
    let statFile = workspaces + "/" + workspace + "/stat"
    var st = stat()
    #expect(stat(path, &st) == 0)
    let text = try String(contentsOfFile: statFile, encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.hasSuffix(" " + path) }, "the stat cache records the object: \(text)")
    let forged = lines.map { line -> String in
      guard line.hasSuffix(" " + path) else { return line }
      let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
      let ctime = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
      return "\(sha) \(st.st_size) \(mtime) \(ctime) \(st.st_ino) \(path)"
    }
    usleep(50_000)
    try (forged.joined(separator: "\n") + "\n").write(toFile: statFile, atomically: true, encoding: .utf8)

    let out = f.scratch.url("out.zip")
    let copy = f.synapse(["build", "-p", plugin, "-o", out])
    #expect(copy.status == 0, "\(copy.stderr)")
    #expect(copy.stderr.contains("did not match its SHA-256 while it was copied"), "\(copy.stderr)")
    #expect(Self.sha256(out) == sha)
    #expect(Self.sha256(path) == sha)
  }

  /// An incremental rebuild copies unchanged entries' records from the previous archive; it
  /// must not copy damage from it into a new object with a new, valid-looking digest.
  @Test func anIncrementalRebuildNeverCopiesFromADamagedArchive() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let (_, built) = try f.buildJSON(plugin)
    let path = try #require(built.archive["path"] as? String)
    // A byte inside the first entry's data (after its local header, name and extra field).
    let bytes = try #require(FileManager.default.contents(atPath: path))
    let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
    let extraLength = Int(bytes[28]) | Int(bytes[29]) << 8
    try Self.flipByte(path, at: 30 + nameLength + extraLength + 1)
    let main = plugin + "/plugin/main.py"
    let source = try String(contentsOfFile: main, encoding: .utf8)
    try (source + "\n# edited\n").write(toFile: main, atomically: true, encoding: .utf8)

    let (r, json) = try f.buildJSON(plugin)
    #expect(r.status == 0, "\(r.stderr)")
    let clean = CLIFixture()
    let cleanPlugin = try clean.examplePlugin()
    try (source + "\n# edited\n").write(toFile: cleanPlugin + "/plugin/main.py", atomically: true, encoding: .utf8)
    let (_, reference) = try clean.buildJSON(cleanPlugin)
    #expect(json.archive["sha256"] as? String == reference.archive["sha256"] as? String)
    let newPath = try #require(json.archive["path"] as? String)
    #expect(Self.sha256(newPath) == json.archive["sha256"] as? String)
    #expect(ProcessRunner.run("unzip", ["-tq", newPath]).status == 0)
  }

  /// A directory where an action entry or a content object belongs is a damaged entry:
  /// repaired by the next build, not a failure of every build.
  @Test func directoriesInPlaceOfCacheEntriesAreRepaired() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let (_, built) = try f.buildJSON(plugin)
    let keys = built.stageKeys
    let entry = try #require(keys["checksum"].map { f.cache.url("ac/\($0.prefix(2))/\($0)") })
    let object = try #require(built.archive["path"] as? String)
    for path in [entry, object] {
      #expect(FileManager.default.fileExists(atPath: path))
      try FileManager.default.removeItem(atPath: path)
      try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
    }
    let (repair, json) = try f.buildJSON(plugin)
    #expect(repair.status == 0, "\(repair.stderr)\(repair.stdout)")
    #expect(json.stageStatuses["archive"] == "ran" && json.stageStatuses["checksum"] == "ran")
    #expect(Self.sha256(object) == built.archive["sha256"] as? String)
    let (_, again) = try f.buildJSON(plugin)
    #expect(again["ran"] as? Int == 0)
  }

  /// Temp files a killed build left are counted by `cache stats` (and the size bound) and
  /// removed by the next build that writes, once their writer is gone.
  @Test func temporaryFilesOfKilledBuildsAreCountedAndRemoved() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    f.synapse(["build", "-p", plugin])
    let gone = Process()
    gone.executableURL = URL(fileURLWithPath: "/bin/true")
    try gone.run()
    gone.waitUntilExit()
    let dead = f.cache.url("tmp/blob-\(gone.processIdentifier)-1")
    let live = f.cache.url("tmp/blob-\(getpid())-2")
    #expect(FileManager.default.createFile(atPath: dead, contents: Data(count: 3 << 20)))
    #expect(FileManager.default.createFile(atPath: live, contents: Data(count: 1000)))
    var old = [timespec(tv_sec: time(nil) - 600, tv_nsec: 0), timespec(tv_sec: time(nil) - 600, tv_nsec: 0)]
    #expect(utimensat(AT_FDCWD, dead, &old, 0) == 0)

    let stats = f.synapse(["cache", "stats", "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any] ?? [:]
    let local = object["local"] as? [String: Any] ?? object
    #expect(local["temporary_files"] as? Int == 2, "\(stats.stdout)")
    #expect(local["temporary_bytes"] as? Int == (3 << 20) + 1000)
    #expect((local["total_bytes"] as? Int ?? 0) > 3 << 20)

    try "# edited\n".write(toFile: plugin + "/README.md", atomically: true, encoding: .utf8)
    let build = f.synapse(["build", "-p", plugin])
    #expect(build.status == 0, "\(build.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dead))
    #expect(FileManager.default.fileExists(atPath: live))
  }
}
