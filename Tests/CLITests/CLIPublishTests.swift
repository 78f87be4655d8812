import Foundation
import TestSupport
import Testing

/// `synapse plugin publish` and `synapse login` against the real test backend
/// (Tests/Backend/synapse_backend.py on 127.0.0.1), with its fault switches.
@Suite struct CLIPublishTests {
  let fixture = CLIFixture()
  let home = TemporaryDirectory("home")
  static let token = "tok-5f3a9c1e2b7d"

  /// Environment for a publish to `server`: a private HOME (credentials and ledger) and the
  /// token through the environment, as CI passes it.
  func environment(_ server: BackendServer?, token: String? = CLIPublishTests.token) -> [String: String] {
    var env = ["HOME": home.path]
    if let server { env["SYNAPSE_HOST"] = server.baseURL }
    if let token { env["SYNAPSE_ACCESS_TOKEN"] = token }
    return env
  }

  func publish(_ plugin: String, _ server: BackendServer?, _ extra: [String] = []) -> ProcessResult {
    fixture.synapse(["plugin", "publish", "-p", plugin] + extra, environment: environment(server))
  }

  func server(_ faults: [String] = [], maxBody: Int? = nil) throws -> BackendServer {
    try BackendServer(token: Self.token, maxBody: maxBody, faults: faults)
  }

  /// Adds an incompressible file so an upload is large enough to be cut mid-body.
  func addLargeFile(_ plugin: String, megabytes: Int = 8) {
    var generator = SeededRandom(seed: 7)
    let bytes = (0..<(megabytes << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    try? FileManager.default.createDirectory(atPath: plugin + "/wheels", withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: plugin + "/wheels/blob-1.0-py3-none-any.whl", contents: Data(bytes)))
  }

  func localArchive(_ plugin: String) throws -> Data {
    let out = fixture.scratch.url("local.zip")
    let result = fixture.synapse(["build", "-p", plugin, "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    return try #require(FileManager.default.contents(atPath: out))
  }

  func expectNoToken(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!result.stdout.contains(Self.token), sourceLocation: sourceLocation)
    #expect(!result.stderr.contains(Self.token), sourceLocation: sourceLocation)
  }

  // MARK: - Publish

  @Test func publishArrivesIntactThenAnIdenticalPublishSendsNothing() throws {
    let server = try server()
    let plugin = try fixture.examplePlugin()
    let first = publish(plugin, server)
    #expect(first.status == 0, "\(first.stderr)\n\(server.log)")
    #expect(first.stdout.contains("published hello-greeter 0.1.0 to \(server.baseURL)"))
    #expect(first.stdout.contains("release  1"))
    #expect(first.stderr.contains("not a terminal"))
    expectNoToken(first)

    let releases = server.releases()
    try #require(releases.count == 1)
    let release = releases[0]
    #expect(release["plugin"] as? String == "hello-greeter")
    #expect(release["version"] as? String == "0.1.0")
    #expect(release["debug"] as? String == "False")
    #expect(release["part_names"] as? [String] == ["plugin", "version", "config", "debug", "file"])
    #expect(release["auth"] as? String == "Synapse-Access-Token")
    let config = try #require(release["config"] as? [String: Any])
    #expect(config["code"] as? String == "hello-greeter")
    #expect((config["actions"] as? [String: Any])?.keys.sorted() == ["greet"])
    // The stored bytes are the local archive's.
    let local = try localArchive(plugin)
    #expect(Data(server.releaseFile(id: 1)) == local)
    #expect(first.stdout.contains(try sha256(local)))

    let second = publish(plugin, server)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout == "up to date: hello-greeter 0.1.0 already published to \(server.baseURL)\n")
    #expect(server.requests(path: "/plugin_releases/").count == 1)
    #expect(server.releases().count == 1)
  }

  /// `http://user:password@host/?sig=…`: the password and the query reach the server, never
  /// the terminal, `--json` or the cache's publish records, which are keyed by the host as
  /// shown; the query stays after the joined path.
  @Test func credentialsInTheHostAreNeverShownOrStoredAndItsQueryFollowsThePath() throws {
    let server = try server()
    let plugin = try fixture.examplePlugin()
    let secrets = ["PASSw0rd-9c2e", "QSIG-77a1"]
    var env = environment(server)
    env["SYNAPSE_HOST"] = "http://deploy:PASSw0rd-9c2e@127.0.0.1:\(server.port)/?sig=QSIG-77a1"
    let first = fixture.synapse(["plugin", "publish", "-p", plugin, "--json"], environment: env)
    #expect(first.status == 0, "\(first.stderr)\n\(server.log)")
    let json = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any] ?? [:]
    #expect(json["host"] as? String == server.baseURL)
    #expect(server.requests().map { $0["path"] as? String } == ["/plugin_releases/?sig=QSIG-77a1"])
    let ledger = try String(contentsOfFile: fixture.cache.url("published.json"), encoding: .utf8)
    #expect(ledger.contains("\"host\": \"\(server.baseURL)\""), "\(ledger)")

    // Other credentials for the same host: the same record.
    env["SYNAPSE_HOST"] = "http://other:Different-1@127.0.0.1:\(server.port)?sig=another-one"
    let second = fixture.synapse(["plugin", "publish", "-p", plugin], environment: env)
    #expect(second.stdout == "up to date: hello-greeter 0.1.0 already published to \(server.baseURL)\n", "\(second.stderr)")

    // Errors name the host without them too.
    env["SYNAPSE_HOST"] = "http://deploy:PASSw0rd-9c2e@127.0.0.1:1/?sig=QSIG-77a1"
    let refused = fixture.synapse(["plugin", "publish", "-p", plugin, "--json"], environment: env)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("127.0.0.1:1"), "\(refused.stderr)")
    env["SYNAPSE_HOST"] = "ftp://deploy:PASSw0rd-9c2e@example.com/?sig=QSIG-77a1"
    let invalid = fixture.synapse(["plugin", "publish", "-p", plugin], environment: env)
    #expect(invalid.status == 1)
    #expect(invalid.stderr.contains("invalid host"), "\(invalid.stderr)")
    for result in [first, second, refused, invalid] {
      for secret in secrets {
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "\(result.stdout)\(result.stderr)")
      }
    }
    let stored = try String(contentsOfFile: fixture.cache.url("published.json"), encoding: .utf8)
    for secret in secrets { #expect(!stored.contains(secret)) }
  }

  /// A backend's error text is shown, never obeyed: escape sequences, NUL, carriage returns
  /// and C1 controls become visible escapes, so a reply cannot clear the screen or forge a line.
  @Test func aBackendsControlCharactersAreEscaped() throws {
    let server = try server(["hostile"])
    let plugin = try fixture.examplePlugin()
    let result = publish(plugin, server)
    #expect(result.status == 1)
    let bytes = Array(result.stderr.utf8)
    #expect(!bytes.contains(0x1B) && !bytes.contains(0) && !bytes.contains(0x0D) && !bytes.contains(0x07), "\(bytes)")
    #expect(!result.stderr.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
    #expect(result.stderr.contains("\\x1b]0;owned\\x07\\x1b[2J\\x1b[Hbad\\x00 request\\x0d"), "\(result.stderr)")
    #expect(result.stderr.contains("\\x9b31m"), "\(result.stderr)")
    // The forged line stays inside the real one.
    let lines = result.stderr.split(separator: "\n")
    #expect(!lines.contains { $0.hasPrefix("error: forged") }, "\(result.stderr)")
  }

  /// A 2xx is a release even when its body names nothing: it is recorded, so the next
  /// publish does not upload the same version again, and the id is said to be unknown.
  @Test(arguments: ["empty-201", "garbage-201"])
  func aSuccessWithoutAReadableBodyIsARelease(fault: String) throws {
    let server = try server([fault])
    let plugin = try fixture.examplePlugin()
    let first = publish(plugin, server)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("published hello-greeter 0.1.0 to \(server.baseURL)"), "\(first.stdout)")
    #expect(first.stdout.contains("release  unknown"), "\(first.stdout)")
    let second = publish(plugin, server)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout == "up to date: hello-greeter 0.1.0 already published to \(server.baseURL)\n")
    #expect(server.requests(path: "/plugin_releases/").count == 1)
    #expect(server.releases().count == 1)
    let json = fixture.synapse(["plugin", "publish", "-p", plugin, "--json"], environment: environment(server))
    #expect(json.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
    #expect(object["status"] as? String == "up-to-date")
    #expect(object["release"] == nil)
  }

  @Test func differentContentUnderAPublishedVersionIsRefusedLocallyAndByTheBackend() throws {
    let server = try server()
    let plugin = try fixture.examplePlugin()
    #expect(publish(plugin, server).status == 0)
    try "# changed\n".write(toFile: plugin + "/README.md", atomically: true, encoding: .utf8)
    let refused = publish(plugin, server)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("hello-greeter 0.1.0 is already published to \(server.baseURL) with different content"))
    #expect(refused.stderr.contains("bump `version`"))
    #expect(server.requests(path: "/plugin_releases/").count == 1)

    // --force sends it; the backend refuses the duplicate version, reported the same way.
    let forced = publish(plugin, server, ["--force"])
    #expect(forced.status == 1)
    #expect(forced.stderr.contains("hello-greeter 0.1.0 is already published to \(server.baseURL)"))
    #expect(forced.stderr.contains("bump `version`"))
    #expect(server.releases().count == 1)

    // A new version goes through.
    let config = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    try config.replacingOccurrences(of: "version: 0.1.0", with: "version: 0.1.1")
      .write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let bumped = publish(plugin, server)
    #expect(bumped.status == 0, "\(bumped.stderr)")
    #expect(server.releases().map { $0["version"] as? String } == ["0.1.0", "0.1.1"])
  }

  @Test func dryRunNeedsNoCredentialsSendsNothingAndListsEveryFile() throws {
    let server = try server()
    let plugin = try fixture.examplePlugin()
    for i in 0..<20 { fixture.scratch.write("plugin/data/sample-\(i).txt", String(repeating: "x", count: i + 1)) }
    let result = fixture.synapse(
      ["plugin", "publish", "-p", plugin, "--dry-run", "--host", server.baseURL], environment: ["HOME": home.path])
    #expect(result.status == 0, "\(result.stderr)")
    for i in 0..<20 { #expect(result.stdout.contains("data/sample-\(i).txt")) }
    #expect(result.stdout.contains("  20 B  data/sample-19.txt"))
    #expect(result.stdout.contains("total: 26 files"))
    #expect(result.stdout.contains("target   \(server.baseURL)/plugin_releases/"))
    #expect(result.stdout.contains("sha256   "))
    #expect(result.stdout.contains("dry run: nothing was sent"))
    #expect(server.requests().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: home.url(".synapse")))

    // Without --dry-run and without credentials: upstream's message, nothing built or sent.
    let unauthenticated = fixture.synapse(["plugin", "publish", "-p", plugin], environment: ["HOME": home.path])
    #expect(unauthenticated.status == 1)
    #expect(unauthenticated.stderr.contains("Not authenticated. Run `synapse login`"))
  }

  @Test func dryRunJSONCarriesTheReleaseConfigAndFiles() throws {
    let plugin = try fixture.examplePlugin()
    let result = fixture.synapse(["plugin", "publish", "-p", plugin, "--dry-run", "--json"], environment: ["HOME": home.path])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["status"] as? String == "dry-run")
    #expect((object["files"] as? [[String: Any]])?.count == 6)
    let config = try #require(object["config"] as? String)
    #expect(config.hasPrefix(#"{"name": "Hello Greeter", "code": "hello-greeter", "version": "0.1.0""#))
  }

  // MARK: - Faults

  @Test func retriesA503HonouringRetryAfterAndMakesOneRelease() throws {
    let server = try server(["503:1"])
    let plugin = try fixture.examplePlugin()
    let start = Date()
    let result = publish(plugin, server)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(Date().timeIntervalSince(start) >= 1)
    #expect(result.stderr.contains("503"))
    #expect(result.stderr.contains("retrying in"))
    #expect(server.requests(path: "/plugin_releases/", atLeast: 2).count == 2)
    #expect(server.releases().count == 1)
  }

  @Test func a500IsAClearErrorAndTheNextPublishSucceeds() throws {
    let server = try server(["500"])
    let plugin = try fixture.examplePlugin()
    let failed = publish(plugin, server)
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("Failed to upload plugin: 500"))
    #expect(server.requests(path: "/plugin_releases/", atLeast: 1).count == 1)
    #expect(server.releases().isEmpty)
    let again = publish(plugin, server)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(server.releases().count == 1)
  }

  @Test func aConnectionResetMidUploadIsRetriedIntoOneRelease() throws {
    let server = try server(["reset"])
    let plugin = try fixture.examplePlugin()
    // Larger than what loopback's socket buffers hold, so the reset comes mid-send.
    addLargeFile(plugin, megabytes: 32)
    let result = publish(plugin, server)
    #expect(result.status == 0, "\(result.stderr)\n\(server.log)")
    #expect(result.stderr.contains("retrying in"))
    #expect(server.releases().count == 1)
    #expect(Data(server.releaseFile(id: 1)) == (try localArchive(plugin)))
  }

  @Test func aLostResponseIsNotRetriedAndNeverMakesTwoReleases() throws {
    let server = try server(["drop-response"])
    let plugin = try fixture.examplePlugin()
    let lost = publish(plugin, server)
    #expect(lost.status == 1)
    #expect(lost.stderr.contains("may have received the release"))
    #expect(server.requests(path: "/plugin_releases/", atLeast: 1).count == 1)
    // Publishing again asks the backend, which knows the version.
    let again = publish(plugin, server)
    #expect(again.status == 1)
    #expect(again.stderr.contains("already published to \(server.baseURL)"))
    #expect(server.releases().count == 1)
  }

  @Test func aStallLongerThanTheTimeoutFailsClearlyAndQuickly() throws {
    let server = try server(["stall:4"])
    let plugin = try fixture.examplePlugin()
    let start = Date()
    let result = publish(plugin, server, ["--timeout", "1"])
    #expect(result.status == 1)
    #expect(Date().timeIntervalSince(start) < 3.5)
    #expect(result.stderr.contains("Failed to upload plugin:"))
    #expect(result.stderr.contains("timed out after 1 s"))
    #expect(server.releases().count <= 1)
  }

  @Test func rejectionsAreTypedAndNameTheWayOut() throws {
    let server = try server(["401", "413", "bad-checksum"])
    let plugin = try fixture.examplePlugin()
    let unauthorized = publish(plugin, server, ["--debug"])
    #expect(unauthorized.status == 1)
    #expect(unauthorized.stderr.contains("401"))
    #expect(unauthorized.stderr.contains("synapse login"))
    expectNoToken(unauthorized)
    let tooLarge = publish(plugin, server)
    #expect(tooLarge.status == 1)
    #expect(tooLarge.stderr.contains("413"))
    #expect(tooLarge.stderr.contains(".synapseignore"))
    let mismatch = publish(plugin, server)
    #expect(mismatch.status == 1)
    #expect(mismatch.stderr.contains("ChecksumMismatchError"))
    #expect(server.requests(path: "/plugin_releases/", atLeast: 3).count == 3)
  }

  @Test func debugAndJSONNeverShowTheToken() throws {
    let server = try server()
    let plugin = try fixture.examplePlugin()
    let result = publish(plugin, server, ["--debug", "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    expectNoToken(result)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["status"] as? String == "published")
    #expect(object["release"] as? Int == 1)
    #expect(server.releases().first?["debug"] as? String == "True")
    let ledger = try String(contentsOfFile: fixture.cache.url("published.json"), encoding: .utf8)
    #expect(!ledger.contains(Self.token))
  }

  @Test func tlsIsVerifiedAndAPrivateCAIsTrustedOnlyWhenNamed() throws {
    let dir = TemporaryDirectory("tls")
    let (certificate, key) = try SelfSignedCertificate.make(in: dir)
    let server = try BackendServer(token: Self.token, tls: (certificate, key))
    let plugin = try fixture.examplePlugin()
    let untrusted = publish(plugin, server, ["--retries", "0"])
    #expect(untrusted.status == 1)
    #expect(untrusted.stderr.contains("certificate"))
    #expect(server.releases().isEmpty)
    var env = environment(server)
    env["SSL_CERT_FILE"] = certificate
    let viaEnvironment = fixture.synapse(["plugin", "publish", "-p", plugin], environment: env)
    #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
    #expect(server.releases().count == 1)
    let config = try String(contentsOfFile: plugin + "/config.yaml", encoding: .utf8)
    try config.replacingOccurrences(of: "version: 0.1.0", with: "version: 0.2.0")
      .write(toFile: plugin + "/config.yaml", atomically: true, encoding: .utf8)
    let viaFlag = publish(plugin, server, ["--ca-cert", certificate])
    #expect(viaFlag.status == 0, "\(viaFlag.stderr)")
    #expect(server.releases().count == 2)
  }

  // MARK: - Login

  @Test func loginWritesTheFileWithMode0600KeepingOtherKeys() throws {
    home.write(".synapse/config.json", #"{"agent": {"id": 7}, "host": "https://old.example"}"#)
    let result = fixture.synapse(
      ["login", "--host", "http://127.0.0.1:9/"], environment: ["HOME": home.path], stdin: Self.token + "\n")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Credentials saved to \(home.url(".synapse/config.json"))"))
    expectNoToken(result)
    let text = String(decoding: home.read(".synapse/config.json"), as: UTF8.self)
    #expect(
      text == """
        {
          "agent": {
            "id": 7
          },
          "host": "http://127.0.0.1:9",
          "access_token": "\(Self.token)"
        }
        """)
    var st = stat()
    stat(home.url(".synapse/config.json"), &st)
    #expect(st.st_mode & 0o777 == 0o600)
  }

  @Test func loginRefusesBadInputAndLeavesTheFileAlone() throws {
    home.write(".synapse/config.json", "{not json")
    let broken = fixture.synapse(["login", "-t", "abc"], environment: ["HOME": home.path])
    #expect(broken.status == 1)
    #expect(broken.stderr.contains("config.json"))
    #expect(String(decoding: home.read(".synapse/config.json"), as: UTF8.self) == "{not json")
    home.remove(".synapse/config.json")
    let badHost = fixture.synapse(["login", "--host", "api.example", "-t", "abc"], environment: ["HOME": home.path])
    #expect(badHost.status == 1)
    #expect(badHost.stderr.contains("http:// or https://"))
    let noToken = fixture.synapse(["login", "--host", "https://a.example"], environment: ["HOME": home.path], stdin: "")
    #expect(noToken.status == 1)
    #expect(noToken.stderr.contains("no access token"))
    #expect(!FileManager.default.fileExists(atPath: home.url(".synapse/config.json")))
  }

  @Test func loginThenPublishUsesTheSavedCredentials() throws {
    let server = try server()
    let plugin = try fixture.examplePlugin()
    let login = fixture.synapse(
      ["login", "--host", server.baseURL], environment: ["HOME": home.path], stdin: Self.token + "\n")
    #expect(login.status == 0)
    let result = fixture.synapse(["publish", "-p", plugin, "-y"], environment: ["HOME": home.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stderr.contains("not a terminal"))
    #expect(server.releases().count == 1)
  }

  func sha256(_ data: Data) throws -> String {
    let file = fixture.scratch.url("digest.bin")
    #expect(FileManager.default.createFile(atPath: file, contents: data))
    return String(try ProcessRunner.output("sha256sum", [file]).prefix { $0 != " " })
  }
}

/// The confirmation prompt, on a real pseudo-terminal (Python's pty module drives it).
@Suite struct CLIPublishPromptTests {
  let fixture = CLIFixture()
  let home = TemporaryDirectory("home")

  func runOnTerminal(_ arguments: [String], answer: String, environment: [String: String]) throws -> (Int32, String) {
    var env = environment
    env["SYNAPSE_CACHE_DIR"] = fixture.cache.path
    return try PseudoTerminal.run(
      ProcessRunner.synapseBinary, arguments, answers: [("[Y/n]", answer)], environment: env)
  }

  @Test func aTerminalIsAskedAndNoMeansNothingIsSent() throws {
    let server = try BackendServer(token: "tok-prompt")
    let plugin = fixture.scratch.url("plugin")
    try Fixtures.copyTree(Fixtures.examplePlugin, to: plugin)
    let env = ["HOME": home.path, "SYNAPSE_HOST": server.baseURL, "SYNAPSE_ACCESS_TOKEN": "tok-prompt"]
    let (declined, shown) = try runOnTerminal(["plugin", "publish", "-p", plugin], answer: "n", environment: env)
    #expect(declined == 0, "\(shown)")
    #expect(shown.contains("Publish hello-greeter 0.1.0 (6 files, "))
    #expect(shown.contains("to \(server.baseURL)? [Y/n]"))
    #expect(shown.contains("Cancelled"))
    #expect(server.requests().isEmpty)
    let (accepted, output) = try runOnTerminal(["plugin", "publish", "-p", plugin], answer: "", environment: env)
    #expect(accepted == 0, "\(output)")
    #expect(output.contains("published hello-greeter 0.1.0"))
    #expect(!output.contains("not a terminal"))
    #expect(server.releases().count == 1)
  }
}
