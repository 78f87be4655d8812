import Foundation
import Hashing
import TestSupport
import Testing

/// `--remote-cache` end to end: the real binary against a real nginx serving Bazel's HTTP
/// cache protocol (WebDAV PUT), with checkouts of a generated neural_net plugin at
/// different paths, each build with its own empty cache directory and HOME.
@Suite struct CLIRemoteCacheTests {
  /// The stages of a build of a plugin with tests; `env` is never shared (its product is a
  /// local interpreter or virtualenv), every other one is.
  static let stages = ["config", "files", "discover", "schema", "validate", "env", "test", "archive", "checksum"]

  @Test func aSecondCheckoutElsewhereIsServedEntirelyFromTheRemote() throws {
    let f = try RemoteCacheFixture()
    let a = try f.checkout("runner-1/work/plugin")
    let b = try f.checkout("elsewhere/a/deeper/checkout")
    let (first, one) = try f.build(a, cache: "one")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(f.remoteWarnings(first).isEmpty, "\(first.stderr)")
    #expect(one.stageNames == Self.stages)
    #expect(one.stageStatuses.values.allSatisfy { $0 == "ran" })
    #expect(!f.nginx.storedFiles().isEmpty)

    let (second, two) = try f.build(b, cache: "two")
    #expect(second.status == 0, "\(second.stderr)")
    #expect(f.remoteWarnings(second).isEmpty, "\(second.stderr)")
    for stage in two.stageList {
      let name = stage["name"] as? String ?? ""
      if name == "env" {
        #expect(stage["status"] as? String == "ran")
      } else {
        #expect(stage["status"] as? String == "cached", "\(name)")
        #expect(stage["reason"] as? String == "remote hit", "\(name)")
      }
    }
    // Paths never enter keys: every stage has the same key in both checkouts.
    #expect(two.stageKeys == one.stageKeys)
    #expect(two.remoteCache["hits"] as? Int == 8)
    #expect(two.remoteCache["read_only"] as? Bool == false)
    #expect(two.remoteCache["url"] as? String == f.nginx.url)
    #expect(two.archive["sha256"] as? String == one.archive["sha256"] as? String)
    let archiveA = try #require(FileManager.default.contents(atPath: one.archive["path"] as? String ?? ""))
    let archiveB = try #require(FileManager.default.contents(atPath: two.archive["path"] as? String ?? ""))
    #expect(archiveA == archiveB)
    #expect(two.archive["path"] as? String != one.archive["path"] as? String)
    #expect((two["tests"] as? [String: Any])?["summary"] as? String == (one["tests"] as? [String: Any])?["summary"] as? String)

    // What was fetched is now local: the next build there asks the remote nothing.
    let asked = f.nginx.requests().count
    let (_, again) = try f.build(b, cache: "two")
    #expect(again.stageList.allSatisfy { $0["reason"] as? String == "cache hit" })
    #expect(f.nginx.requests().count == asked)

    // --explain names remote hits, and what the remote did.
    let explain = f.synapse(["build", "-p", b, "--explain", "--remote-cache", f.nginx.url], cache: "three")
    #expect(explain.status == 0, "\(explain.stderr)")
    let archiveLine = explain.stdout.split(separator: "\n").first { $0.hasPrefix("cached  archive") }
    #expect(archiveLine?.hasSuffix("remote hit") == true, "\(explain.stdout)")
    #expect(explain.stdout.contains("remote cache \(f.nginx.url): 8 hits, 0 misses"), "\(explain.stdout)")
    #expect(explain.stdout.contains("9 stages: 1 ran, 8 cached (8 remote) in"))

    // cache stats: local and remote hits and bytes moved, over the builds with a remote
    // (not the null build, which writes nothing).
    let stats = f.synapse(["cache", "stats", "--json"], cache: "two")
    let remote = try #require(f.json(stats)["remote"] as? [String: Any])
    #expect(remote["builds"] as? Int == 1)
    #expect(remote["remote_hits"] as? Int == 8)
    #expect(remote["local_hits"] as? Int == 0)
    #expect(remote["ran"] as? Int == 1)
    #expect((remote["downloaded_bytes"] as? Int ?? 0) > archiveA.count)
    #expect(remote["uploaded_bytes"] as? Int == 0)
    let human = f.synapse(["cache", "stats"], cache: "two").stdout
    #expect(human.contains("stages      0 local hits, 8 remote hits, 0 remote misses, 1 ran"), "\(human)")
    let firstStats = try #require(f.json(f.synapse(["cache", "stats", "--json"], cache: "one"))["remote"] as? [String: Any])
    #expect((firstStats["uploaded_bytes"] as? Int ?? 0) > archiveA.count)
  }

  @Test func readOnlyBuildsReadButNeverWrite() throws {
    let f = try RemoteCacheFixture()
    let plugin = try f.checkout("plugin")
    let pullRequest = ["CI": "true", "GITHUB_EVENT_NAME": "pull_request"]
    let cases: [(String, [String], [String: String])] = [
      ("flag", ["--remote-cache-read-only"], [:]),
      ("environment", [], ["SYNAPSE_REMOTE_CACHE_READ_ONLY": "1"]),
      ("github", [], pullRequest),
      ("gitlab", [], ["CI": "true", "CI_MERGE_REQUEST_IID": "12"]),
      ("both-flags", ["--remote-cache-read-only", "--remote-cache-write"], pullRequest),
    ]
    for (cache, arguments, environment) in cases {
      let (result, json) = try f.build(plugin, cache: cache, ["--skip-tests"] + arguments, environment: environment)
      #expect(result.status == 0, "\(cache): \(result.stderr)")
      #expect(json.remoteCache["read_only"] as? Bool == true, "\(cache)")
      #expect(f.remoteWarnings(result).isEmpty, "\(cache): \(result.stderr)")
    }
    #expect(f.nginx.storedFiles().isEmpty)
    #expect(f.nginx.requests().allSatisfy { $0.method == "GET" && $0.status == 404 })

    // The explicit flag lets a pull-request build write.
    let (written, writer) = try f.build(
      plugin, cache: "pr-write", ["--skip-tests", "--remote-cache-write"], environment: pullRequest)
    #expect(written.status == 0)
    #expect(writer.remoteCache["read_only"] as? Bool == false)
    #expect(!f.nginx.storedFiles().isEmpty)
    // Another pull-request build reads that, and adds nothing.
    let stored = f.nginx.storedFiles()
    let (_, reader) = try f.build(plugin, cache: "pr-read", ["--skip-tests"], environment: pullRequest)
    #expect(reader.stageList.allSatisfy { $0["reason"] as? String == "remote hit" })
    #expect(f.nginx.storedFiles() == stored)
    #expect(f.nginx.requests().filter { $0.method == "PUT" }.count == stored.count)

    // The README's policy line shows up in --explain.
    let explain = f.synapse(
      ["build", "-p", plugin, "--skip-tests", "--explain", "--remote-cache", f.nginx.url], cache: "pr-explain",
      environment: pullRequest)
    #expect(explain.stdout.contains("read-only (a pull-request build: GitHub Actions pull_request event"), "\(explain.stdout)")
  }

  @Test func forbiddenWritesDegradeToALocalBuildWithOneWarning() throws {
    let f = try RemoteCacheFixture(writes: .forbidden)
    let plugin = try f.checkout("plugin")
    let (result, json) = try f.build(plugin, cache: "one", ["--skip-tests"])
    #expect(result.status == 0, "\(result.stderr)")
    let warnings = f.remoteWarnings(result)
    #expect(warnings.count == 1, "\(result.stderr)")
    #expect(warnings.first?.contains("403 Forbidden; nothing more was uploaded in this build") == true)
    #expect(f.nginx.storedFiles().isEmpty)
    #expect(f.nginx.requests().filter { $0.method == "PUT" }.count == 1)
    let (_, local) = try f.build(plugin, cache: "local", ["--skip-tests"], remote: false)
    #expect(json.archive["sha256"] as? String == local.archive["sha256"] as? String)
  }

  @Test func aCorruptedObjectOnTheServerIsNeverUsed() throws {
    let f = try RemoteCacheFixture()
    let a = try f.checkout("a")
    let b = try f.checkout("b")
    let (_, one) = try f.build(a, cache: "one", ["--skip-tests"])
    let sha = try #require(one.archive["sha256"] as? String)
    let stored = f.nginx.root + "/cas/" + sha
    let good = try #require(FileManager.default.contents(atPath: stored))
    try Data(good.map { $0 ^ 0x5A }).write(to: URL(fileURLWithPath: stored))

    let (result, two) = try f.build(b, cache: "two", ["--skip-tests"])
    #expect(result.status == 0, "\(result.stderr)")
    let warnings = f.remoteWarnings(result)
    #expect(warnings.count == 1, "\(result.stderr)")
    #expect(warnings.first?.contains("does not match its digest") == true)
    #expect(two.stageStatuses["archive"] == "ran")
    #expect(two.stageStatuses["config"] == "cached")
    #expect(two.archive["sha256"] as? String == sha)
    #expect(FileManager.default.contents(atPath: two.archive["path"] as? String ?? "") == good)
    // The rebuilt object replaced the damaged one on the server.
    #expect(FileManager.default.contents(atPath: stored) == good)
  }

  /// A signed URL (`/cache?sig=…`): every request's path goes before the query, which every
  /// request keeps.
  @Test func aQueryInTheURLStaysAfterTheJoinedPath() throws {
    let f = try RemoteCacheFixture()
    let a = try f.checkout("a")
    let b = try f.checkout("b")
    let url = f.nginx.url + "/cache?sig=abc123"
    let (first, _) = try f.build(a, cache: "one", ["--skip-tests", "--remote-cache", url], remote: false)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(f.remoteWarnings(first).isEmpty, "\(first.stderr)")
    let (second, two) = try f.build(b, cache: "two", ["--skip-tests", "--remote-cache", url], remote: false)
    #expect(f.remoteWarnings(second).isEmpty, "\(second.stderr)")
    #expect(two.stageList.allSatisfy { $0["reason"] as? String == "remote hit" }, "\(second.stdout)")
    #expect(two.remoteCache["url"] as? String == f.nginx.url + "/cache")
    let requests = f.nginx.requests()
    #expect(!requests.isEmpty)
    for request in requests {
      #expect(request.path.hasPrefix("/cache/ac/") || request.path.hasPrefix("/cache/cas/"), "\(request)")
      #expect(request.query == "sig=abc123", "\(request)")
    }
    #expect(f.nginx.storedFiles().allSatisfy { $0.hasPrefix("cache/") })
  }

  /// A forged entry that is self-consistent (its checksum line matches, its objects hash to
  /// their names) is trusted for the archive it delivers, but the MD5 and file count it
  /// states must be that archive's: otherwise the stage runs locally.
  @Test func aForgedEntryMustDescribeTheArchiveItDelivers() throws {
    let f = try RemoteCacheFixture()
    let a = try f.checkout("a")
    let b = try f.checkout("b")
    let (_, one) = try f.build(a, cache: "one", ["--skip-tests"])
    let key = try #require(one.stageKeys["archive"])
    let md5 = try #require(one.archive["md5"] as? String)
    let files = try #require(one.archive["files"] as? Int)
    let path = f.nginx.root + "/ac/" + key
    let stored = try String(contentsOfFile: path, encoding: .utf8)
    let newline = try #require(stored.firstIndex(of: "\n"))
    var body = String(stored[stored.index(after: newline)...])
    let original = body
    body = body.replacingOccurrences(of: md5, with: String(repeating: "0", count: 32))
    body = body.replacingOccurrences(of: "\"files\":{\"text\":{\"_0\":\"\(files)\"}}", with: "\"files\":{\"text\":{\"_0\":\"999\"}}")
    #expect(body != original && body.contains("999"), "\(original)")
    let header = "synapse-ac 1 " + SHA256.hash(bytes: Array(body.utf8)).hex + "\n"
    try (header + body).write(toFile: path, atomically: true, encoding: .utf8)

    let (result, two) = try f.build(b, cache: "two", ["--skip-tests"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(two.stageStatuses["archive"] == "ran")
    let warnings = f.remoteWarnings(result)
    #expect(warnings.contains { $0.contains("does not describe what it delivered") }, "\(warnings)")
    #expect(two.archive["md5"] as? String == md5)
    #expect(two.archive["files"] as? Int == files)
  }

  @Test func aServerStoppedBetweenBuildsCostsOneWarning() throws {
    let f = try RemoteCacheFixture()
    let a = try f.checkout("a")
    let b = try f.checkout("b")
    let (_, one) = try f.build(a, cache: "one", ["--skip-tests"])
    f.nginx.stop()
    let (result, two) = try f.build(b, cache: "two", ["--skip-tests"])
    #expect(result.status == 0, "\(result.stderr)")
    let warnings = f.remoteWarnings(result)
    #expect(warnings.count == 1, "\(result.stderr)")
    #expect(warnings.first?.contains("connection refused; not contacted again in this build") == true)
    #expect(two.stageStatuses.values.allSatisfy { $0 == "ran" })
    #expect(two.archive["sha256"] as? String == one.archive["sha256"] as? String)
    #expect(
      FileManager.default.contents(atPath: two.archive["path"] as? String ?? "")
        == FileManager.default.contents(atPath: one.archive["path"] as? String ?? ""))
  }

  /// The plugin's own test stops nginx while the build runs: stages before it came from
  /// the remote, and the build finishes locally with one warning.
  @Test func aServerStoppedDuringTheBuildCostsOneWarning() throws {
    let f = try RemoteCacheFixture()
    let stopper = """
      import os, signal, socket, time

      def test_stop_the_remote_cache():
          target = os.environ.get("SYNAPSE_TEST_STOP_NGINX")
          if not target:
              return
          pid, port = (int(x) for x in target.split(":"))
          os.kill(pid, signal.SIGTERM)
          deadline = time.time() + 10
          while time.time() < deadline:
              try:
                  socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
              except OSError:
                  return
              time.sleep(0.01)
          raise AssertionError("nginx still accepts connections")

      """
    let a = try f.checkout("a")
    let b = try f.checkout("b")
    for plugin in [a, b] { try stopper.write(toFile: plugin + "/tests/test_stop.py", atomically: true, encoding: .utf8) }
    // Another test file in b only: its tests miss the remote and run, everything else hits.
    try "def test_more():\n    assert True\n".write(toFile: b + "/tests/test_more.py", atomically: true, encoding: .utf8)
    let (first, one) = try f.build(a, cache: "one")
    #expect(first.status == 0, "\(first.stderr)")

    let (result, two) = try f.build(
      b, cache: "two", environment: ["SYNAPSE_TEST_STOP_NGINX": "\(f.nginx.pid):\(f.nginx.port)"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!f.nginx.isRunning)
    let warnings = f.remoteWarnings(result)
    #expect(warnings.count == 1, "\(result.stderr)")
    #expect(warnings.first?.contains("not contacted again in this build") == true, "\(result.stderr)")
    for stage in ["config", "files", "discover", "schema", "validate"] {
      #expect(two.stageReason(stage) == "remote hit", "\(stage)")
    }
    #expect(two.stageStatuses["test"] == "ran")
    #expect(two.archive["sha256"] as? String == one.archive["sha256"] as? String)
  }

  @Test func secretsNeverAppearInAnyOutput() throws {
    let f = try RemoteCacheFixture()
    let forbidden = try NginxServer(writes: .forbidden)
    let stopped = try NginxServer()
    stopped.stop()
    let plugin = try f.checkout("plugin")
    let headers = ["--remote-cache-header", "Authorization: Bearer tok-s3cret-1", "--remote-cache-header", "X-Api-Key: key-s3cret-2"]
    var outputs: [String] = []
    func run(_ arguments: [String], cache: String, environment: [String: String] = [:]) -> ProcessResult {
      let result = f.synapse(arguments, cache: cache, environment: environment)
      outputs.append(result.stdout + result.stderr)
      return result
    }
    for (index, server) in [f.nginx, forbidden, stopped].enumerated() {
      let url = server.url.replacingOccurrences(of: "http://", with: "http://ci-user:pw-s3cret-3@")
      let trace = f.scratch.url("trace-\(index).json")
      let json = run(
        ["build", "-p", plugin, "--skip-tests", "--json", "--trace", trace, "--remote-cache", url] + headers,
        cache: "json-\(index)")
      #expect(json.status == 0, "\(json.stderr)")
      #expect(f.json(json).remoteCache["url"] as? String == server.url)
      outputs.append((try? String(contentsOfFile: trace, encoding: .utf8)) ?? "")
      // The same through the environment, with --explain, after a change (so the remote is asked again).
      try "# \(index)\n".write(toFile: plugin + "/plugin/extra_\(index).py", atomically: true, encoding: .utf8)
      let explain = run(
        ["build", "-p", plugin, "--skip-tests", "--explain"], cache: "explain-\(index)",
        environment: [
          "SYNAPSE_REMOTE_CACHE": url, "SYNAPSE_REMOTE_CACHE_HEADERS": "Authorization: Bearer tok-s3cret-1\nX-Api-Key: key-s3cret-2",
        ])
      #expect(explain.status == 0, "\(explain.stderr)")
      outputs.append(run(["cache", "stats"], cache: "explain-\(index)").stdout)
    }
    // The broken servers gave warnings (so error paths were exercised), one per build.
    #expect(outputs.filter { $0.contains("remote cache http://127.0.0.1:") && $0.contains("; ") }.count == 4)
    // A header that cannot be parsed is refused without being echoed.
    let bad = run(["build", "-p", plugin, "--remote-cache", f.nginx.url, "--remote-cache-header", "Bearer tok-s3cret-1"], cache: "bad")
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("--remote-cache-header (occurrence 1): expected 'Name: value'"), "\(bad.stderr)")
    for output in outputs {
      #expect(!output.contains("s3cret"), "\(output)")
    }
    // The credentials did reach the server that answered.
    #expect(f.nginx.requests().contains { $0.authorization == "Bearer tok-s3cret-1" })
    #expect(f.nginx.requests().allSatisfy { $0.authorization == "Bearer tok-s3cret-1" })
  }

  /// An archive larger than the HTTP client keeps in memory streams to the content store.
  @Test func largeObjectsStreamToDisk() throws {
    let f = try RemoteCacheFixture()
    let a = try f.checkout("a")
    let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom")).readData(ofLength: 17 << 20)
    try FileManager.default.createDirectory(atPath: a + "/wheels", withIntermediateDirectories: true)
    try random.write(to: URL(fileURLWithPath: a + "/wheels/big-1.0-py3-none-any.whl"))
    let b = f.scratch.url("b")
    try Fixtures.copyTree(a, to: b)
    let (_, one) = try f.build(a, cache: "one", ["--skip-tests"])
    let (result, two) = try f.build(b, cache: "two", ["--skip-tests"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(f.remoteWarnings(result).isEmpty, "\(result.stderr)")
    #expect(two.stageReason("archive") == "remote hit")
    #expect((two.archive["size"] as? Int ?? 0) > 17 << 20)
    #expect(
      FileManager.default.contents(atPath: two.archive["path"] as? String ?? "")
        == FileManager.default.contents(atPath: one.archive["path"] as? String ?? ""))
  }

  @Test func validateTestAndPublishShareTheRemoteToo() throws {
    let f = try RemoteCacheFixture()
    let a = try f.checkout("a")
    let b = try f.checkout("b")
    #expect(try f.build(a, cache: "one").0.status == 0)
    let remote = ["--remote-cache", f.nginx.url, "--json"]

    let validate = f.json(f.synapse(["plugin", "validate", "-p", b] + remote, cache: "validate"))
    #expect(validate.stageNames == ["files", "discover", "schema", "validate"])
    #expect(validate.stageList.allSatisfy { $0["reason"] as? String == "remote hit" })

    let test = f.json(f.synapse(["plugin", "test", "-p", b] + remote, cache: "test"))
    #expect(test["cached"] as? Bool == true)
    #expect(test.stageReason("test") == "remote hit")

    let publish = f.json(f.synapse(["plugin", "publish", "-p", b, "--dry-run"] + remote, cache: "publish"))
    #expect(publish.stageStatuses["release-config"] == "ran")
    #expect(publish.stageReason("archive") == "remote hit")

    // The pre-commit hook's staged validation runs on a scratch copy; its keys are the same.
    let git = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    _ = try ProcessRunner.output("git", ["init", "-q", b])
    _ = try ProcessRunner.output("git", git + ["-C", b, "add", "-A"])
    let served = f.nginx.requests().filter { $0.method == "GET" && $0.status == 200 }.count
    let staged = f.synapse(["plugin", "validate", "--staged", "-p", b, "--remote-cache", f.nginx.url], cache: "staged")
    #expect(staged.status == 0, "\(staged.stderr)")
    #expect(staged.stdout.contains("is valid (staged)"), "\(staged.stdout)")
    #expect(f.nginx.requests().filter { $0.method == "GET" && $0.status == 200 }.count > served)
  }
}

/// A running nginx, a generated neural_net plugin to copy into checkouts, and `synapse`
/// runs that each get their own cache directory and HOME and nothing of a CI around them.
final class RemoteCacheFixture: Sendable {
  let scratch = TemporaryDirectory("remote-cache")
  let nginx: NginxServer
  let template: String

  /// Variables a CI running these tests would set, which would change the trust policy.
  static let ciVariables = [
    "CI", "GITHUB_", "GITLAB_", "BUILDKITE", "TRAVIS", "CIRCLE", "TF_BUILD", "BUILD_REASON", "JENKINS_URL",
    "CHANGE_ID", "BITBUCKET_", "DRONE_", "SYNAPSE_REMOTE_CACHE",
  ]

  struct CreateFailure: Error, CustomStringConvertible {
    let description: String
  }

  init(writes: NginxServer.Writes = .allowed) throws {
    nginx = try NginxServer(writes: writes)
    template = scratch.url("created/synapse-remote-plugin")
    let created = ProcessRunner.run(
      ProcessRunner.synapseBinary,
      ["plugin", "create", "-p", scratch.url("created"), "-n", "Remote", "-c", "neural_net", "--data-type", "image", "-y"],
      environment: ["SYNAPSE_CACHE_DIR": scratch.url("caches/create")], unsetting: Self.ciVariables)
    guard created.status == 0, FileManager.default.fileExists(atPath: template + "/tests") else {
      throw CreateFailure(description: "plugin create failed: \(created.stderr)")
    }
  }

  /// A copy of the generated plugin at `relative` under the scratch directory.
  func checkout(_ relative: String) throws -> String {
    let path = scratch.url(relative)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Fixtures.copyTree(template, to: path)
    return path
  }

  func synapse(_ arguments: [String], cache: String, environment: [String: String] = [:]) -> ProcessResult {
    let home = scratch.url("homes/" + cache)
    try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    var env = ["SYNAPSE_CACHE_DIR": scratch.url("caches/" + cache), "HOME": home, "NO_COLOR": "1"]
    for (k, v) in environment { env[k] = v }
    return ProcessRunner.run(
      ProcessRunner.synapseBinary, arguments, cwd: scratch.path, environment: env, unsetting: Self.ciVariables)
  }

  /// `synapse build -p PLUGIN --json` against nginx (unless `remote` is false).
  func build(
    _ plugin: String, cache: String, _ extra: [String] = [], environment: [String: String] = [:], remote: Bool = true
  ) throws -> (ProcessResult, [String: Any]) {
    let result = synapse(
      ["build", "-p", plugin, "--json"] + (remote ? ["--remote-cache", nginx.url] : []) + extra, cache: cache,
      environment: environment)
    return (result, json(result))
  }

  func json(_ result: ProcessResult) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
  }

  /// The remote-cache warnings of a run: `warning: remote cache …` lines on stderr, or with
  /// `--json` (which keeps stderr for errors) the object's `warnings`.
  func remoteWarnings(_ result: ProcessResult) -> [String] {
    let printed = result.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("warning: remote cache ") }
    let listed = (json(result)["warnings"] as? [String] ?? []).filter { $0.hasPrefix("remote cache ") }
    return printed + listed
  }
}

extension Dictionary where Key == String, Value == Any {
  var stageList: [[String: Any]] { self["stages"] as? [[String: Any]] ?? [] }
  var stageKeys: [String: String] {
    var out: [String: String] = [:]
    for s in stageList { if let n = s["name"] as? String, let k = s["key"] as? String { out[n] = k } }
    return out
  }
  var remoteCache: [String: Any] { self["remote_cache"] as? [String: Any] ?? [:] }
}
