import Foundation
import TestSupport
import Testing

@Suite struct CLIBadInputTests {
  @Test func missingPluginDirectory() {
    let f = CLIFixture()
    let r = f.synapse(["build", "-p", f.scratch.url("nope")])
    #expect(r.status == 1)
    #expect(r.stderr == "error: plugin directory not found: \(f.scratch.url("nope"))\n")
  }

  @Test func jsonFailureBeforeTheBuildIsStillJSON() throws {
    let f = CLIFixture()
    let r = f.synapse(["build", "-p", f.scratch.url("nope"), "--json"])
    #expect(r.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect(object?["ok"] as? Bool == false)
    #expect((object?["error"] as? String)?.contains("plugin directory not found") == true)
  }

  @Test func missingConfig() {
    let f = CLIFixture()
    f.scratch.write("p/plugin/x.py", "")
    let r = f.synapse(["build", "-p", f.scratch.url("p")])
    #expect(r.status == 1)
    #expect(r.stderr.contains("no config.yaml or synapse.yaml found in \(f.scratch.url("p"))"))
  }

  @Test func synapseYamlIsFoundAndConfigFlagWins() throws {
    let f = CLIFixture()
    MinimalPlugin.write(in: f.scratch, at: "p", configName: "synapse.yaml", name: "S", code: "s", version: "2.0.0")
    f.scratch.write("p/alt.yaml", MinimalPlugin.config(name: "A", code: "a", version: "3.0.0"))
    let (_, json) = try f.buildJSON(f.scratch.url("p"))
    #expect((json["plugin"] as? [String: Any])?["code"] as? String == "s")
    let (_, alt) = try f.buildJSON(f.scratch.url("p"), ["-c", f.scratch.url("p/alt.yaml")])
    #expect((alt["plugin"] as? [String: Any])?["code"] as? String == "a")
  }

  @Test func malformedConfigNamesFileLineAndColumn() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    try "name: x\ncode: y\nversion: 1.0\n".write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let r = f.synapse(["build", "-p", plugin])
    #expect(r.status == 1)
    #expect(r.stderr.contains("error: config.yaml:3:10: version: 1.0 is a number in YAML"))
    try "name: [unclosed\ncode: y\n".write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let syntax = f.synapse(["build", "-p", plugin])
    #expect(syntax.status == 1)
    #expect(syntax.stderr.contains("error: config.yaml:"))
  }

  @Test func secretsFailTheBuildAndWriteNoArchive() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    try "AWS_SECRET=1".write(toFile: plugin + "/.env.local", atomically: true, encoding: .utf8)
    let (r, json) = try f.buildJSON(plugin)
    #expect(r.status == 1)
    #expect(json["ok"] as? Bool == false)
    #expect(json["archive"] == nil)
    let files = (json["stages"] as? [[String: Any]])?.first { $0["name"] as? String == "files" }
    #expect((files?["error"] as? String)?.contains(".env.local") == true)
    #expect(f.synapse(["build", "-p", plugin]).stderr.contains("error: .env.local: refusing to archive a likely secret (environment file"))
  }

  @Test func configThatIsADirectorySaysSo() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    try FileManager.default.createDirectory(atPath: plugin + "/conf", withIntermediateDirectories: true)
    let r = f.synapse(["build", "-p", plugin, "-c", plugin + "/conf"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("conf: is a directory"))
    #expect(!r.stderr.contains("not a regular file, directory or symlink"))
  }

  /// `--check` on a config with nothing to sync still fails when validate does (here an
  /// action whose entrypoint names a truncated class that discovery cannot match).
  @Test func updateConfigCheckReportsValidationFailures() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    #expect(f.synapse(["plugin", "update-config", "--check", "-p", plugin]).status == 0)
    let config = plugin + "/config.yaml"
    let original = try String(contentsOfFile: config, encoding: .utf8)
    try (original + "  extra:\n    entrypoint: plugin.main:GreetActio\n    method: task\n")
      .write(toFile: config, atomically: true, encoding: .utf8)
    let check = f.synapse(["plugin", "update-config", "--check", "-p", plugin])
    #expect(check.status == 1)
    #expect(!check.stdout.contains("up to date"))
    #expect(check.stderr.contains("config.yaml:14:17: actions.extra.entrypoint:"))
    #expect(check.stderr.contains("GreetActio"))
    #expect(f.synapse(["plugin", "validate", "-p", plugin]).status == 1)
    #expect(try String(contentsOfFile: config, encoding: .utf8).hasSuffix("GreetActio\n    method: task\n"))
  }

  /// A huge value is echoed cut, with its length, not whole (twice) in one line.
  @Test func longEntrypointsAreEchoedTruncated() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let config = plugin + "/config.yaml"
    for long in ["plugin.main:" + String(repeating: "A", count: 200_000), "plugin." + String(repeating: "m", count: 200_000) + ":X"] {
      let original = try String(contentsOfFile: config, encoding: .utf8)
      try original.replacingOccurrences(of: "plugin.main:GreetAction", with: long)
        .write(toFile: config, atomically: true, encoding: .utf8)
      for command in [["plugin", "validate"], ["build"]] {
        let r = f.synapse(command + ["-p", plugin])
        #expect(r.status == 1)
        #expect(r.stderr.contains("… (2000"))
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.utf8.count < 2_000 }, "\(command): \(r.stderr.utf8.count) bytes")
      }
      try original.write(toFile: config, atomically: true, encoding: .utf8)
    }
  }

  @Test func oversizedConfigIsRefusedQuicklyAndLeftAlone() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let config = plugin + "/config.yaml"
    let big = try String(contentsOfFile: config, encoding: .utf8) + (0..<150_000).map { "k\($0): \($0)\n" }.joined()
    try big.write(toFile: config, atomically: true, encoding: .utf8)
    for command in [["build"], ["plugin", "validate"], ["plugin", "update-config"]] {
      let r = f.synapse(command + ["-p", plugin])
      #expect(r.status == 1)
      #expect(r.stderr.contains("config.yaml:1:1: the file is \(big.utf8.count) bytes, more than the 1048576 bytes"), "\(command)")
    }
    #expect(try String(contentsOfFile: config, encoding: .utf8) == big)
  }

  @Test func symlinksOutsideOrDanglingAreNamed() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    symlink("/etc/hostname", plugin + "/hostname")
    let escape = f.synapse(["build", "-p", plugin])
    #expect(escape.status == 1)
    #expect(escape.stderr.contains("\(plugin)/hostname: symlink points outside"))
    unlink(plugin + "/hostname")
    symlink("missing.py", plugin + "/plugin/gone.py")
    let dangling = f.synapse(["build", "-p", plugin])
    #expect(dangling.status == 1)
    #expect(dangling.stderr.contains("\(plugin)/plugin/gone.py: symlink points to nothing"))
    unlink(plugin + "/plugin/gone.py")
    symlink("main.py", plugin + "/plugin/alias.py")
    let (ok, json) = try f.buildJSON(plugin)
    #expect(ok.status == 0)
    #expect(json.archive["files"] as? Int == 7)
  }

  @Test func unusableCacheDirectoryIsOneClearLine() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    f.scratch.write("blocker", "a file where a directory should be")
    let r = f.synapse(["build", "-p", plugin, "--cache-dir", f.scratch.url("blocker/cache")])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("error: cache directory \(f.scratch.url("blocker/cache")) is not usable"))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func corruptedCacheEntriesAreRebuiltTransparently() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    let (_, first) = try f.buildJSON(plugin)
    let archivePath = try #require(first.archive["path"] as? String)
    // Truncate the archive object and every action entry.
    chmod(archivePath, 0o644)
    truncate(archivePath, 10)
    for case let rel as String in FileManager.default.enumerator(atPath: f.cache.url("ac")) ?? NSEnumerator() {
      let p = f.cache.url("ac/" + rel)
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { truncate(p, 5) }
    }
    let (r, second) = try f.buildJSON(plugin)
    #expect(r.status == 0)
    #expect(second["ran"] as? Int == 7)
    #expect(second.archive["sha256"] as? String == first.archive["sha256"] as? String)
    let data = try #require(FileManager.default.contents(atPath: archivePath))
    #expect(data.count == second.archive["size"] as? Int)
  }

  @Test func sigkillMidBuildLeavesAConsistentCache() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    // Enough data that the kill lands mid-archive.
    let big = (0..<(24 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) }
    try? FileManager.default.createDirectory(atPath: plugin + "/wheels", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: plugin + "/wheels/big-1.0-py3-none-any.whl", contents: Data(big))
    for delay in [20_000, 60_000, 120_000] as [UInt32] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: ProcessRunner.synapseBinary)
      process.arguments = ["build", "-p", plugin]
      process.environment = ["SYNAPSE_CACHE_DIR": f.cache.path, "HOME": f.scratch.path]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(delay)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    let (r, json) = try f.buildJSON(plugin)
    #expect(r.status == 0, "\(r.stderr)")
    let fresh = CLIFixture()
    let (_, clean) = try fresh.buildJSON(plugin)
    #expect(json.archive["sha256"] as? String == clean.archive["sha256"] as? String)
    let path = try #require(json.archive["path"] as? String)
    let bytes = try #require(FileManager.default.contents(atPath: path))
    #expect(bytes.count == json.archive["size"] as? Int)
  }

  @Test func nonUTF8FileNameIsNamed() throws {
    let f = CLIFixture()
    let plugin = try f.examplePlugin()
    var name = Array((plugin + "/bad-").utf8CString.dropLast()) + [CChar(bitPattern: 0xFE), 0]
    let fd = name.withUnsafeMutableBufferPointer { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
    close(fd)
    let r = f.synapse(["build", "-p", plugin])
    #expect(r.status == 1)
    #expect(r.stderr.contains("bad-\\xfe: file name is not valid UTF-8"))
  }
}
