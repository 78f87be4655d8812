import Foundation
import Pipeline
import Schema
import Stages
import TestSupport
import Testing
import YAML

@Suite struct PythonJSONTests {
  /// Python's own `json.dumps`, as the reference for the byte form.
  func python(_ expression: String, indent: Bool = false) throws -> String {
    let call = indent ? "json.dumps(\(expression), indent=2)" : "json.dumps(\(expression))"
    return try ProcessRunner.output("python3", ["-c", "import json,sys; sys.stdout.write(\(call))"])
  }

  @Test func matchesJSONDumpsByteForByte() throws {
    let value: YAMLValue = .mapping([
      ("name", .string("Détecteur \"v2\" #1\n\t\u{1}")), ("emoji", .string("🙂 한국어")), ("n", .int(-3)),
      ("f", .float("1.0e-06")), ("g", .float("0.001")), ("h", .float("1.0")), ("big", .float("1e16")),
      ("none", .null), ("yes", .bool(true)), ("list", .sequence([.int(1), .sequence([]), .mapping([])])),
      ("nested", .mapping([("a", .sequence([.string("x"), .bool(false)]))])),
    ])
    let python =
      #"{"name": "D\u00e9tecteur \"v2\" #1\n\t\u0001", "emoji": "\U0001F642 \ud55c\uad6d\uc5b4", "n": -3, "f": 1e-06, "g": 0.001, "h": 1.0, "big": 1e16, "none": None, "yes": True, "list": [1, [], {}], "nested": {"a": ["x", False]}}"#
    #expect(PythonJSON.encode(value) == (try self.python(python)))
    #expect(PythonJSON.encode(value, indent: 2) == (try self.python(python, indent: true)))
  }

  @Test func jsonReaderKeepsOrderAndTypes() throws {
    let value = try JSONReader.parse(Array(#"{"z": 1, "a": [1.5, "x", null, true], "m": {"k": -2e3}}"#.utf8))
    #expect(PythonJSON.encode(value) == #"{"z": 1, "a": [1.5, "x", null, true], "m": {"k": -2000.0}}"#)
    #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(Array(#"{"a": 1,}"#.utf8)) }
  }
}

@Suite struct CredentialsTests {
  func file(_ dir: TemporaryDirectory, _ text: String?) -> CredentialsFile {
    let path = dir.url(".synapse/config.json")
    if let text { dir.write(".synapse/config.json", text) }
    return CredentialsFile(path: path)
  }

  @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() {
    let dir = TemporaryDirectory()
    let credentials = file(dir, #"{"host": "https://file.example/", "access_token": "file-token"}"#)
    var env: [String: String] = [:]
    func resolve(host: String? = nil, token: String? = nil) -> BackendCredentials {
      BackendCredentials.resolve(host: host, token: token, file: credentials, environment: { env[$0] })
    }
    #expect(resolve().host == "https://file.example")
    #expect(resolve().accessToken == "file-token")
    env = ["SYNAPSE_HOST": "http://env.example", "SYNAPSE_ACCESS_TOKEN": "env-token"]
    #expect(resolve().host == "http://env.example")
    #expect(resolve().accessToken == "env-token")
    #expect(resolve(host: "http://flag.example", token: "flag-token").host == "http://flag.example")
    #expect(resolve(host: "http://flag.example", token: "flag-token").accessToken == "flag-token")
    let empty = BackendCredentials.resolve(
      host: nil, token: nil, file: CredentialsFile(path: dir.url("missing.json")), environment: { _ in nil })
    #expect(empty.host == BackendCredentials.defaultHost)
    #expect(!empty.isAuthenticated)
    #expect(throws: PublishError.notAuthenticated) { try empty.requireAuthentication() }
  }

  @Test func headersFollowUpstreamIncludingUserTokenAndTenant() {
    let dir = TemporaryDirectory()
    let credentials = file(dir, #"{"access_token": "acc", "user_token": "usr", "tenant": "ten"}"#)
    let resolved = BackendCredentials.resolve(host: nil, token: nil, file: credentials, environment: { _ in nil })
    #expect(resolved.headers.map(\.name) == ["Authorization", "Synapse-Tenant"])
    #expect(resolved.headers.map(\.value) == ["Token usr", "Token ten"])
    // An explicit --token is the one deliberate difference from upstream: it wins.
    let flagged = BackendCredentials.resolve(host: nil, token: "cli", file: credentials, environment: { _ in nil })
    #expect(flagged.headers.map(\.name) == ["Synapse-Access-Token", "Synapse-Tenant"])
    #expect(flagged.headers.first?.value == "Token cli")
    let plain = BackendCredentials(host: "http://h", accessToken: "tok123")
    #expect(plain.headers.map { "\($0.name): \($0.value)" } == ["Synapse-Access-Token: Token tok123"])
  }

  @Test func updateKeepsOtherKeysInOrderAndWritesMode0600() throws {
    let dir = TemporaryDirectory()
    let credentials = file(dir, #"{"agent": {"id": 7, "name": "gpu"}, "host": "https://old", "github": {"org": "x"}}"#)
    chmod(credentials.path, 0o644)
    try credentials.update([("host", .string("http://new")), ("access_token", .string("t"))])
    let text = String(decoding: dir.read(".synapse/config.json"), as: UTF8.self)
    #expect(
      text == """
        {
          "agent": {
            "id": 7,
            "name": "gpu"
          },
          "host": "http://new",
          "github": {
            "org": "x"
          },
          "access_token": "t"
        }
        """)
    var st = stat()
    stat(credentials.path, &st)
    #expect(st.st_mode & 0o777 == 0o600)
  }

  @Test func unreadableFileIsReportedAndLeftAlone() {
    let dir = TemporaryDirectory()
    let credentials = file(dir, #"{"host": "x",,}"#)
    #expect(throws: PublishError.self) { try credentials.update([("host", .string("http://new"))]) }
    #expect(String(decoding: dir.read(".synapse/config.json"), as: UTF8.self) == #"{"host": "x",,}"#)
    // Resolution ignores it, as upstream does.
    let resolved = BackendCredentials.resolve(host: nil, token: nil, file: credentials, environment: { _ in nil })
    #expect(resolved.host == BackendCredentials.defaultHost)
  }
}

@Suite struct PublishLedgerTests {
  @Test func recordsByHostPluginAndVersion() throws {
    let dir = TemporaryDirectory()
    let ledger = PublishLedger(path: dir.url("state/published.json"))
    #expect(ledger.record(host: "http://h", plugin: "p", version: "1.0.0") == nil)
    let record = PublishRecord(
      host: "http://h/", plugin: "p", version: "1.0.0", sha256: "aa", md5: "bb", size: 3, releaseID: 9, publishedAt: 1)
    try ledger.add(record)
    #expect(ledger.record(host: "http://h", plugin: "p", version: "1.0.0") == record)
    #expect(ledger.record(host: "http://other", plugin: "p", version: "1.0.0") == nil)
    #expect(ledger.record(host: "http://h", plugin: "p", version: "1.0.1") == nil)
    var newer = record
    newer.sha256 = "cc"
    try ledger.add(newer)
    #expect(ledger.record(host: "http://h", plugin: "p", version: "1.0.0")?.sha256 == "cc")
  }
}
