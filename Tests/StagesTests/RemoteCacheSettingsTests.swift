import HTTP
import Pipeline
@testable import Stages
import Testing

/// Flags and environment → remote-cache settings: the trust policy (who may write), header
/// parsing that never echoes a value, and URLs shown without credentials.
@Suite struct RemoteCacheSettingsTests {
  func resolve(
    url: String? = "http://cache.example:8080/", headers: [String] = [], readOnly: Bool = false, write: Bool = false,
    _ environment: [String: String] = [:]
  ) throws -> RemoteCacheSettings? {
    try RemoteCacheSettings.resolve(
      url: url, headers: headers, readOnly: readOnly, write: write, environment: { environment[$0] })
  }

  @Test func nothingConfiguredIsNoRemote() throws {
    #expect(try resolve(url: nil) == nil)
    #expect(try resolve(url: "") == nil)
    #expect(try resolve(url: nil, ["SYNAPSE_REMOTE_CACHE": ""]) == nil)
  }

  @Test func theFlagWinsOverTheEnvironmentAndTrailingSlashesGo() throws {
    let settings = try resolve(url: "https://a.example/ns//", ["SYNAPSE_REMOTE_CACHE": "http://b.example"])
    #expect(settings?.url == "https://a.example/ns")
    #expect(try resolve(url: nil, ["SYNAPSE_REMOTE_CACHE": "http://b.example/"])?.url == "http://b.example")
    let configuration = try #require(settings?.configuration)
    #expect(configuration.connectTimeout == 2)
    #expect(configuration.reusesConnections)
  }

  @Test func networkSettingsComeFromTheEnvironment() throws {
    let defaults = try #require(try resolve()?.configuration)
    #expect(defaults.connectTimeout == 2)
    #expect(defaults.timeout == nil)
    #expect(defaults.stallTimeout == 10)
    #expect(defaults.maxRetries == 1)
    let set = try #require(
      try resolve([
        "SYNAPSE_REMOTE_CACHE_CONNECT_TIMEOUT": "0.5", "SYNAPSE_REMOTE_CACHE_TIMEOUT": "4",
        "SYNAPSE_REMOTE_CACHE_RETRIES": "0",
      ])?.configuration)
    #expect(set.connectTimeout == 0.5)
    #expect(set.timeout == 4)
    #expect(set.stallTimeout == 4)
    #expect(set.maxRetries == 0)
    for (name, value) in [
      ("SYNAPSE_REMOTE_CACHE_CONNECT_TIMEOUT", "0"), ("SYNAPSE_REMOTE_CACHE_TIMEOUT", "soon"),
      ("SYNAPSE_REMOTE_CACHE_RETRIES", "-1"), ("SYNAPSE_REMOTE_CACHE_RETRIES", "1.5"),
    ] {
      #expect {
        try resolve([name: value])
      } throws: { error in
        "\(error)".hasPrefix("\(name): '\(value)'")
      }
    }
  }

  @Test func writableOutsideCI() throws {
    #expect(try resolve()?.readOnly == false)
    // A pull-request variable alone (a developer's shell) is not CI.
    #expect(try resolve(["GITHUB_EVENT_NAME": "pull_request"])?.readOnly == false)
    #expect(try resolve(["CI": "false", "GITHUB_EVENT_NAME": "pull_request"])?.readOnly == false)
  }

  @Test(arguments: [
    ["CI": "true", "GITHUB_EVENT_NAME": "pull_request"],
    ["CI": "true", "GITHUB_EVENT_NAME": "pull_request_target"],
    ["CI": "true", "CI_MERGE_REQUEST_IID": "12"],
    ["CI": "true", "CI_EXTERNAL_PULL_REQUEST_IID": "3"],
    ["CI": "true", "BITBUCKET_PR_ID": "7"],
    ["CI": "true", "BUILDKITE_PULL_REQUEST": "42"],
    ["CI": "true", "TRAVIS_PULL_REQUEST": "42"],
    ["CI": "true", "CIRCLE_PULL_REQUEST": "https://github.com/o/r/pull/1"],
    ["TF_BUILD": "True", "BUILD_REASON": "PullRequest"],
    ["JENKINS_URL": "https://ci.example/", "CHANGE_ID": "5"],
    ["CI": "woodpecker", "CI_PIPELINE_EVENT": "pull_request"],
    ["CI": "drone", "DRONE_BUILD_EVENT": "pull_request"],
  ])
  func pullRequestBuildsAreReadOnlyUnlessWriteIsAsked(environment: [String: String]) throws {
    let settings = try #require(try resolve(environment))
    #expect(settings.readOnly)
    #expect(settings.readOnlyReason?.contains("pull-request build") == true)
    #expect(settings.readOnlyReason?.contains("--remote-cache-write overrides") == true)
    #expect(try resolve(write: true, environment)?.readOnly == false)
    // --remote-cache-read-only always wins.
    #expect(try resolve(readOnly: true, write: true, environment)?.readOnly == true)
  }

  @Test(arguments: [
    ["CI": "true", "GITHUB_EVENT_NAME": "push"],
    ["CI": "true", "BUILDKITE_PULL_REQUEST": "false"],
    ["CI": "true", "TRAVIS_PULL_REQUEST": "false"],
    ["TF_BUILD": "True", "BUILD_REASON": "IndividualCI"],
    ["CI": "true", "CHANGE_ID": "5"],
    ["CI": "true"],
  ])
  func otherCIBuildsWrite(environment: [String: String]) throws {
    #expect(try resolve(environment)?.readOnly == false)
  }

  @Test func readOnlyByFlagOrEnvironment() throws {
    #expect(try resolve(readOnly: true)?.readOnlyReason == "--remote-cache-read-only")
    let env = try resolve(["SYNAPSE_REMOTE_CACHE_READ_ONLY": "1"])
    #expect(env?.readOnly == true)
    #expect(env?.readOnlyReason == "SYNAPSE_REMOTE_CACHE_READ_ONLY")
    #expect(try resolve(["SYNAPSE_REMOTE_CACHE_READ_ONLY": "0"])?.readOnly == false)
  }

  @Test func headersFromFlagsAndTheEnvironment() throws {
    let settings = try resolve(
      headers: ["Authorization: Bearer abc:def", "X-Empty:"],
      ["SYNAPSE_REMOTE_CACHE_HEADERS": "X-Api-Key:  k1 \r\n\n  \nX-Instance: main\n"])
    #expect(
      settings?.headers == [
        HTTPHeader("Authorization", "Bearer abc:def"), HTTPHeader("X-Empty", ""), HTTPHeader("X-Api-Key", "k1"),
        HTTPHeader("X-Instance", "main"),
      ])
  }

  @Test(arguments: ["Bearer s3cret-value", "Bad Name: s3cret-value", ": s3cret-value", "X-Key: s3cret-value\u{0}"])
  func aBadHeaderIsRefusedWithoutShowingItsValue(header: String) {
    #expect {
      try resolve(headers: ["X-Good: fine", header])
    } throws: { error in
      let text = "\(error)"
      return text.contains("--remote-cache-header (occurrence 2)") && !text.contains("s3cret")
    }
    #expect {
      try resolve(["SYNAPSE_REMOTE_CACHE_HEADERS": "X-Good: fine\n" + header])
    } throws: { error in
      let text = "\(error)"
      return text.contains("SYNAPSE_REMOTE_CACHE_HEADERS (line 2)") && !text.contains("s3cret")
    }
  }

  @Test(arguments: ["ftp://cache.example/", "cache.example:8080", "http://", "http://a b/", "https://user:s3cret@/x"])
  func aURLThatIsNotHTTPIsRefusedWithoutItsCredentials(url: String) {
    #expect {
      try resolve(url: url)
    } throws: { error in
      "\(error)".hasPrefix("--remote-cache: ") && !"\(error)".contains("s3cret")
    }
  }

  @Test func credentialsInTheURLAreNeverShown() throws {
    let settings = try #require(try resolve(url: "https://ci:s3cret@cache.example:9090/ns/?token=s3cret#x"))
    #expect(settings.displayURL == "https://cache.example:9090/ns/")
    #expect(HTTPRemoteCache(settings: settings).displayName == "https://cache.example:9090/ns/")
    #expect(RemoteCacheSettings.redacted("http://h/p@q") == "http://h/p@q")
    #expect(RemoteCacheSettings.redacted("http://u@h") == "http://h")
  }

  @Test func failuresMapToWhatTheBuildDoesNext() {
    let refused = HTTPRemoteCache.failure(.connectionRefused(host: "127.0.0.1:1"), "GET ac/abc")
    #expect(refused == .unreachable("GET ac/abc: could not connect to 127.0.0.1:1: connection refused"))
    let forbidden = HTTPRemoteCache.failure(
      .status(HTTPStatusError(status: 403, body: Array("<html>403 Forbidden</html>".utf8))), "PUT cas/abc")
    #expect(forbidden == .refused("PUT cas/abc: 403 Forbidden"))
    #expect(
      HTTPRemoteCache.failure(.invalidURL("http://u:s3cret@h:x/ac/1"), "GET ac/1")
        == .unreachable("GET ac/1: not a valid http or https URL"))
    guard case .failed = HTTPRemoteCache.failure(.verificationFailed(path: "/c/cas/ab", reason: "r"), "PUT cas/ab") else {
      Issue.record("a local object that fails verification is a failed upload")
      return
    }
  }
}
