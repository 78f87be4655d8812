import Foundation
import TestSupport
import Testing

/// `synapse plugin run --mode remote` and `synapse plugin job get|logs|stop` for backend jobs,
/// against the real test backend (Tests/Backend/synapse_backend.py on 127.0.0.1). Its jobs
/// advance one step per `GET /jobs/<id>/` (RUNNING, RUNNING, then SUCCEEDED, or FAILED for the
/// action `fail`), and its tail streams them to the end, so nothing here depends on a clock.
@Suite struct CLIRemoteRunTests {
  let fixture = CLIFixture()
  let home = TemporaryDirectory("home")
  static let token = "tok-remote-8c41d7e9"

  /// The log of job 1, `train` of hello-greeter, once it has succeeded.
  static let successLog = [
    "Job 1 started on agent-7", "Running train of hello-greeter", "[INFO] step 1/2", "[INFO] step 2/2",
    "[SUCCESS] train finished",
  ]

  init() {
    home.write(".synapse/config.json", #"{"agent": {"id": 7, "name": "gpu-7", "url": "http://10.0.0.7:8000"}}"#)
  }

  func server() throws -> BackendServer {
    try BackendServer(token: Self.token)
  }

  /// A private HOME (with the saved agent) and the token through the environment; variables
  /// of the developer's own setup are emptied, which synapse treats as unset.
  func environment(_ server: BackendServer?, token: String? = CLIRemoteRunTests.token) -> [String: String] {
    [
      "HOME": home.path, "SYNAPSE_HOST": server?.baseURL ?? "", "SYNAPSE_ACCESS_TOKEN": token ?? "",
      "SYNAPSE_PLUGIN_RUN_USER_TOKEN": "", "SYNAPSE_PLUGIN_RUN_TENANT": "",
    ]
  }

  /// `synapse plugin ARGUMENTS` against `server`.
  func plugin(
    _ arguments: [String], _ server: BackendServer?, token: String? = CLIRemoteRunTests.token
  ) -> ProcessResult {
    fixture.synapse(["plugin"] + arguments, environment: environment(server, token: token))
  }

  /// `plugin run ACTION --mode remote -p hello-greeter EXTRA`.
  func remote(_ action: String, _ extra: [String] = [], _ server: BackendServer?) -> ProcessResult {
    plugin(["run", action, "--mode", "remote", "-p", "hello-greeter"] + extra, server)
  }

  func expectNoToken(
    _ result: ProcessResult, _ token: String = CLIRemoteRunTests.token, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(!result.stdout.contains(token), sourceLocation: sourceLocation)
    #expect(!result.stderr.contains(token), sourceLocation: sourceLocation)
  }

  func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  // MARK: - plugin run --mode remote

  @Test func sendsUpstreamsBodyThenFollowsTheJobToItsResult() throws {
    let server = try server()
    let result = remote("train", ["--params", #"{"a": 1, "name": "한글", "n": 1e3}"#], server)
    #expect(result.status == 0, "\(result.stderr)\n\(server.log)")
    let runs = server.runs()
    try #require(runs.count == 1)
    #expect(runs[0]["plugin"] as? String == "hello-greeter")
    #expect(
      runs[0]["body"] as? String
        == #"{"agent": 7, "action": "train", "params": {"a": 1, "name": "\ud55c\uae00", "n": 1000.0}, "debug": true, "language": "ko"}"#)
    #expect(runs[0]["content_type"] as? String == "application/json")
    #expect(runs[0]["auth"] as? String == "Synapse-Access-Token")
    #expect(runs[0]["status"] as? Int == 201)
    // Every log line once, in order, as the polls found them.
    #expect(
      lines(result.stderr)
        == ["Plugin: hello-greeter", "Action: train", "Agent: gpu-7", "job 1 started on \(server.baseURL)"]
        + Self.successLog)
    #expect(
      result.stdout == #"""
        Result:
          action: train
          params: {"a": 1, "name": "\ud55c\uae00", "n": 1000.0}

        """#)
    #expect(server.jobs().first?["status"] as? String == "SUCCEEDED")
    expectNoToken(result)
  }

  @Test func inferAndDeployAreRenamedAndFlagsShapeTheBody() throws {
    let server = try server()
    let infer = remote(
      "infer", ["--params", #"{"a": 1}"#, "--input", #"{"img": "x"}"#, "--infer-path", "/predict", "--detach"], server)
    #expect(infer.status == 0, "\(infer.stderr)")
    #expect(infer.stdout == "1\n")
    let plain = remote("train", ["--no-debug", "--lang", "en", "--detach"], server)
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(plain.stdout == "2\n")
    let deploy = remote("deploy", ["--detach", "--lang", "en"], server)
    #expect(deploy.status == 0, "\(deploy.stderr)")
    #expect(deploy.stderr.contains("Action: deployment"))
    #expect(
      server.runs().map { $0["body"] as? String } == [
        #"{"agent": 7, "action": "inference", "params": {"a": 1, "input": {"img": "x"}, "path": "/predict"}, "debug": true, "language": "ko"}"#,
        #"{"agent": 7, "action": "train", "language": "en"}"#,
        #"{"agent": 7, "action": "deployment", "debug": true, "language": "en"}"#,
      ])
    // Detached: nothing was polled.
    #expect(server.requests().filter { ($0["path"] as? String ?? "").hasPrefix("/jobs/") }.isEmpty)
    #expect(server.jobs().map { $0["status"] as? String } == ["PENDING", "PENDING", "PENDING"])

    let badInput = remote("infer", ["--input", "{nope", "--detach"], server)
    #expect(badInput.status == 1)
    #expect(badInput.stderr.contains("Invalid JSON input"))
    #expect(server.runs().count == 3)
  }

  @Test func theAgentComesFromTheSavedConfigurationUnlessGiven() throws {
    let server = try server()
    let flagged = remote("train", ["--agent", "12", "--detach"], server)
    #expect(flagged.status == 0, "\(flagged.stderr)")
    #expect(flagged.stderr.contains("Agent: 12\n"))
    #expect((server.runs().first?["body"] as? String)?.hasPrefix(#"{"agent": 12, "action": "train""#) == true)

    home.write(".synapse/config.json", #"{"host": "https://elsewhere.example"}"#)
    let none = remote("train", [], server)
    #expect(none.status == 1)
    #expect(none.stderr.contains("No agent configured"))
    #expect(none.stderr.contains("--agent"))
    #expect(server.runs().count == 1)
    let given = remote("train", ["--agent", "3", "--detach"], server)
    #expect(given.status == 0, "\(given.stderr)")
    #expect(server.runs().count == 2)
  }

  @Test func withoutATokenNothingIsSentAndABadTokenIsRefused() throws {
    let server = try server()
    let anonymous = plugin(["run", "train", "--mode", "remote"], server, token: nil)
    #expect(anonymous.status == 1)
    #expect(anonymous.stderr.contains("Not authenticated. Run `synapse login`"))
    #expect(server.requests().isEmpty)

    let wrong = "tok-wrong-3b9f0a"
    let refused = plugin(["run", "train", "--mode", "remote", "-p", "hello-greeter", "--token", wrong], server)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("Failed to run plugin: 401"))
    #expect(refused.stderr.contains("synapse login"))
    #expect(server.runs().first?["status"] as? Int == 401)
    #expect(server.jobs().isEmpty)
    expectNoToken(refused, wrong)
  }

  @Test func aUserTokenIsSentAsUpstreamSendsIt() throws {
    let userToken = "ut-remote-51e0c2"
    let server = try BackendServer(token: Self.token, userToken: userToken)
    var env = environment(server, token: nil)
    env["SYNAPSE_PLUGIN_RUN_USER_TOKEN"] = userToken
    let run = fixture.synapse(["plugin", "run", "train", "--mode", "remote", "-p", "hello-greeter"], environment: env)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(server.runs().first?["auth"] as? String == "Authorization")
    let get = fixture.synapse(["plugin", "job", "get", "1", "--json"], environment: env)
    #expect(get.status == 0, "\(get.stderr)")
    for result in [run, get] { expectNoToken(result, userToken) }
  }

  @Test func aFailedJobShowsItsLogAndErrorAndExits1() throws {
    let server = try server()
    let result = remote("fail", [], server)
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    let shown = lines(result.stderr)
    #expect(shown.contains("ZeroDivisionError: division by zero"))
    #expect(shown.last == "error: job 1 FAILED: ZeroDivisionError: division by zero")
    #expect(server.jobs().first?["status"] as? String == "FAILED")
  }

  @Test func savedCredentialsAgentAndTheConfigsCodeAreUsed() throws {
    let server = try server()
    let plugin = try fixture.examplePlugin()
    let login = fixture.synapse(
      ["login", "--host", server.baseURL], environment: environment(nil, token: nil), stdin: Self.token + "\n")
    #expect(login.status == 0, "\(login.stderr)")
    let env = environment(nil, token: nil)
    let publish = fixture.synapse(["plugin", "publish", "-p", plugin], environment: env)
    #expect(publish.status == 0, "\(publish.stderr)")
    // The agent kept its place in the file login rewrote; the code is config.yaml's.
    let run = fixture.synapse(
      ["plugin", "run", "greet", "--mode", "remote", "--path", plugin, "--detach"], environment: env)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("Plugin: hello-greeter\n"))
    #expect(server.runs().first?["plugin"] as? String == "hello-greeter")
    let get = fixture.synapse(["plugin", "job", "get", "1"], environment: env)
    #expect(get.status == 0, "\(get.stderr)")
    #expect(get.stdout.contains("Plugin     hello-greeter 0.1.0\n"))
  }

  @Test func jsonAndDebugNeverShowTheToken() throws {
    let server = try server()
    let followed = remote("train", ["--json", "--debug"], server)
    #expect(followed.status == 0, "\(followed.stderr)")
    expectNoToken(followed)
    let job = try json(followed.stdout)
    #expect(job["status"] as? String == "SUCCEEDED")
    #expect((job["result"] as? [String: Any])?["action"] as? String == "train")
    let env = try #require((job["runtime_env"] as? [String: Any])?["env_vars"] as? [String: String])
    #expect(env["SYNAPSE_BACKEND_V2_ACCESS_TOKEN"] == "<redacted>")
    #expect(env["SYNAPSE_LANGUAGE"] == "ko")
    #expect(
      server.runs().first?["body"] as? String == #"{"agent": 7, "action": "train", "debug": true, "language": "ko"}"#)

    let detached = remote("train", ["--json", "--detach"], server)
    #expect(detached.status == 0, "\(detached.stderr)")
    let reply = try json(detached.stdout)
    #expect(reply["job_id"] as? Int == 2)
    #expect(reply["status"] as? String == "PENDING")
    expectNoToken(detached)
  }

  @Test func aJobThatPrintsItsEnvironmentDoesNotShowTheToken() throws {
    let server = try server()
    let followed = remote("env", [], server)
    #expect(followed.status == 0, "\(followed.stderr)")
    #expect(lines(followed.stderr).contains("SYNAPSE_BACKEND_V2_ACCESS_TOKEN=<redacted>"))
    #expect(lines(followed.stderr).contains("SYNAPSE_LANGUAGE=ko"))
    expectNoToken(followed)
    let logs = plugin(["job", "logs", "1"], server)
    #expect(logs.status == 0, "\(logs.stderr)")
    #expect(lines(logs.stdout).contains("SYNAPSE_BACKEND_V2_ACCESS_TOKEN=<redacted>"))
    expectNoToken(logs)
    let tailed = plugin(["job", "logs", "-f", "1"], server)
    #expect(tailed.status == 0, "\(tailed.stderr)")
    #expect(tailed.stdout == logs.stdout)
    expectNoToken(tailed)
  }

  // MARK: - plugin job get|logs|stop (backend ids)

  @Test func jobGetShowsTheJobAndHidesItsSecrets() throws {
    let server = try server()
    #expect(remote("train", ["--detach"], server).status == 0)
    let table = plugin(["job", "get", "1"], server)
    #expect(table.status == 0, "\(table.stderr)")
    let rows = lines(table.stdout)
    #expect(
      Array(rows.prefix(5)) == [
        "ID         1", "Status     RUNNING", "Action     train", "Plugin     hello-greeter", "Agent      agent-7",
      ])
    #expect(rows.dropFirst(5).map { String($0.prefix(11)) } == ["Created    ", "Started    "])
    expectNoToken(table)

    let asJSON = plugin(["job", "get", "1", "--json"], server)
    #expect(asJSON.status == 0, "\(asJSON.stderr)")
    expectNoToken(asJSON)
    let job = try json(asJSON.stdout)
    #expect(job["id"] as? Int == 1)
    #expect(job["status"] as? String == "RUNNING")
    let agent = try #require(job["agent"] as? [String: Any])
    #expect(agent["id"] as? Int == 7)
    #expect(agent["name"] as? String == "agent-7")
    let env = try #require((job["runtime_env"] as? [String: Any])?["env_vars"] as? [String: String])
    #expect(env == ["SYNAPSE_JOB_ID": "1", "SYNAPSE_LANGUAGE": "ko", "SYNAPSE_BACKEND_V2_ACCESS_TOKEN": "<redacted>"])

    let finished = plugin(["job", "get", "1"], server)
    #expect(finished.stdout.contains("Status     SUCCEEDED\n"))
    #expect(finished.stdout.contains("Finished   "))
  }

  @Test func jobLogsPrintsTheLogSoFar() throws {
    let server = try server()
    #expect(remote("train", ["--detach"], server).status == 0)
    let pending = plugin(["job", "logs", "1"], server)
    #expect(pending.status == 0, "\(pending.stderr)")
    #expect(pending.stdout.isEmpty)
    #expect(plugin(["job", "get", "1"], server).status == 0)
    let running = plugin(["job", "logs", "1"], server)
    #expect(lines(running.stdout) == Array(Self.successLog.prefix(2)))
    // Reading the log does not move the job on.
    #expect(plugin(["job", "logs", "1"], server).stdout == running.stdout)
    #expect(server.jobs().first?["status"] as? String == "RUNNING")
    expectNoToken(running)
  }

  @Test func jobLogsFollowStreamsUntilTheJobCompletes() throws {
    let server = try server()
    #expect(remote("train", ["--detach"], server).status == 0)
    let tailed = plugin(["job", "logs", "-f", "1"], server)
    #expect(tailed.status == 0, "\(tailed.stderr)\n\(server.log)")
    #expect(lines(tailed.stdout) == Self.successLog)
    #expect(server.jobs().first?["status"] as? String == "SUCCEEDED")
    #expect(server.requests(path: "/jobs/1/tail_console_logs/", atLeast: 1).first?["status"] as? Int == 200)
    expectNoToken(tailed)

    // A finished job streams its whole log and completes at once.
    let again = plugin(["job", "logs", "--follow", "1"], server)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout == tailed.stdout)
  }

  @Test func unknownJobsAndStopAreClearErrors() throws {
    let server = try server()
    let get = plugin(["job", "get", "99"], server)
    #expect(get.status == 1)
    #expect(get.stderr.contains("Failed to get job: 404"))
    #expect(get.stderr.contains("Not found."))
    let logs = plugin(["job", "logs", "99"], server)
    #expect(logs.status == 1)
    #expect(logs.stderr.contains("Failed to get job logs: 404"))
    let tail = plugin(["job", "logs", "-f", "99"], server)
    #expect(tail.status == 1)
    #expect(tail.stderr.contains("Failed to tail job logs: 404"))
    #expect(server.requests(atLeast: 3).count == 3)

    #expect(remote("train", ["--detach"], server).status == 0)
    let stop = plugin(["job", "stop", "1"], server)
    #expect(stop.status == 1)
    #expect(stop.stderr.contains("no endpoint to stop job 1"))
    #expect(server.requests(atLeast: 4).count == 4)

    let anonymous = plugin(["job", "get", "1"], server, token: nil)
    #expect(anonymous.status == 1)
    #expect(anonymous.stderr.contains("Not authenticated. Run `synapse login`"))
    let wrong = "tok-wrong-77aa10"
    let refused = fixture.synapse(
      ["plugin", "job", "get", "1", "-t", wrong], environment: environment(server, token: nil))
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("Failed to get job: 401"))
    expectNoToken(refused, wrong)
    for result in [get, logs, tail, stop] { expectNoToken(result) }
  }
}
