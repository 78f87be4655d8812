import Schema
import Testing
import YAML

@testable import Stages

@Suite struct RayJobInfoTests {
  /// A reply of `GET /api/jobs/{id}` as Ray 2.60 sends it, nulls included.
  static let succeeded = """
    {
      "type": "SUBMISSION",
      "job_id": null,
      "submission_id": "probe-job-1",
      "driver_info": null,
      "status": "SUCCEEDED",
      "entrypoint": "python -m mymodule --steps 4",
      "message": "Job finished successfully.",
      "error_type": null,
      "start_time": 1795609894976,
      "end_time": 1795609898019,
      "metadata": {"plugin": "demo", "action": "run"},
      "runtime_env": {"working_dir": "gcs://_ray_pkg_3913.zip",
                      "env_vars": {"PLUGIN_TOKEN": "abc123", "SYNAPSE_ACTION": "run"}},
      "driver_agent_http_address": "http://127.0.0.1:52365",
      "driver_node_id": "42461c39ed1bb2eac323d1c88ed648ec087f89aa58f7b78e4f02a3ba",
      "driver_exit_code": 0
    }
    """

  func parse(_ json: String) throws -> RayJobInfo {
    try RayJobInfo.parse(Array(json.utf8))
  }

  @Test func parsesASucceededJob() throws {
    let info = try parse(Self.succeeded)
    #expect(info.status == "SUCCEEDED")
    #expect(info.isTerminal)
    #expect(info.submissionID == "probe-job-1")
    #expect(info.message == "Job finished successfully.")
    #expect(info.errorType == nil)
    #expect(info.driverExitCode == 0)
    #expect(info.startTime == 1_795_609_894_976)
    #expect(info.endTime == 1_795_609_898_019)
    #expect(info.entrypoint == "python -m mymodule --steps 4")
    #expect(info.metadata.map { "\($0.key)=\($0.value)" } == ["plugin=demo", "action=run"])
  }

  @Test func parsesAFailedJob() throws {
    let info = try parse(
      """
      {"type": "SUBMISSION", "job_id": "02000000", "submission_id": "synapse-demo-run-1", "status": "FAILED",
       "entrypoint": "python -m synapse_sdk.plugins.job_entry",
       "message": "Job entrypoint command failed with exit code 3, last available logs (truncated to 20,000 chars):\\nboom",
       "error_type": "JOB_ENTRYPOINT_COMMAND_ERROR", "start_time": 1, "end_time": 2, "metadata": {},
       "runtime_env": {}, "driver_info": {"id": "02000000", "node_ip_address": "127.0.0.1", "pid": "26973"},
       "driver_exit_code": 3}
      """)
    #expect(info.status == "FAILED")
    #expect(info.isTerminal)
    #expect(info.submissionID == "synapse-demo-run-1")
    #expect(info.errorType == "JOB_ENTRYPOINT_COMMAND_ERROR")
    #expect(info.driverExitCode == 3)
    #expect(info.message?.hasSuffix("chars):\nboom") == true)
    // The log tail Ray appends is left out of what is shown beside the log.
    #expect(info.summary == "Job entrypoint command failed with exit code 3")
  }

  @Test func pendingAndStoppedJobs() throws {
    let pending = try parse(
      #"{"status": "PENDING", "submission_id": "s", "message": "Job has not started yet.", "start_time": 1795609894976, "end_time": null, "driver_exit_code": null, "metadata": null}"#
    )
    #expect(!pending.isTerminal)
    #expect(pending.endTime == nil)
    #expect(pending.driverExitCode == nil)
    #expect(pending.metadata.isEmpty)
    let stopped = try parse(
      #"{"status": "STOPPED", "submission_id": "s", "message": "Job was intentionally stopped."}"#)
    #expect(stopped.isTerminal)
    #expect(stopped.driverExitCode == nil)
    #expect(!(try parse(#"{"status": "RUNNING", "submission_id": "s"}"#)).isTerminal)
  }

  @Test func aDriverJobIsNamedByItsJobID() throws {
    let info = try parse(#"{"type": "DRIVER", "job_id": "03000000", "submission_id": null, "status": "RUNNING"}"#)
    #expect(info.submissionID == "03000000")
  }

  @Test func repliesWithoutAStatusAreUnexpected() {
    #expect(throws: RayError.unexpectedResponse(operation: "get the job", detail: "no status in the reply")) {
      try parse(#"{"submission_id": "s"}"#)
    }
    #expect(throws: RayError.unexpectedResponse(operation: "get the job", detail: "no status in the reply")) {
      try parse(#"{"status": null}"#)
    }
    let error = #expect(throws: RayError.self) { try parse("Job x does not exist") }
    guard case .unexpectedResponse(let operation, _)? = error else {
      Issue.record("expected unexpectedResponse, got \(String(describing: error))")
      return
    }
    #expect(operation == "get the job")
  }

  @Test func redactedHidesSecretEnvironmentValuesOnly() throws {
    let info = try parse(Self.succeeded)
    let original = try JSONReader.parse(Array(Self.succeeded.utf8))
    #expect(
      info.redacted["runtime_env"]?["env_vars"]
        == .mapping([("PLUGIN_TOKEN", .string("<redacted>")), ("SYNAPSE_ACTION", .string("run"))]))
    #expect(info.redacted["runtime_env"]?["working_dir"] == original["runtime_env"]?["working_dir"])
    // Everything else, nulls included, is the reply as sent.
    guard case .mapping(let pairs) = info.redacted, case .mapping(let originalPairs) = original else {
      Issue.record("not a mapping")
      return
    }
    #expect(pairs.map(\.key) == originalPairs.map(\.key))
    for (pair, originalPair) in zip(pairs, originalPairs) where pair.key != "runtime_env" {
      #expect(pair.value == originalPair.value, "\(pair.key)")
    }
    #expect(info.redacted["job_id"] == .null)
  }
}

@Suite struct SecretRedactionTests {
  @Test(arguments: [
    "PLUGIN_TOKEN", "ray_auth_token", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD", "MYSQL_PASSWD", "GCP_CREDENTIALS",
    "OPENAI_API_KEY", "STRIPE_APIKEY", "SSH_PRIVATE_KEY", "SYNAPSE_ACCESS_TOKEN",
  ])
  func secretNames(_ name: String) {
    #expect(SecretRedaction.isSecretName(name))
  }

  @Test(arguments: [
    "SYNAPSE_ACTION", "SYNAPSE_ACTION_PARAMS", "PATH", "AWS_ACCESS_KEY_ID", "PYTHONUNBUFFERED", "KEYBOARD",
  ])
  func ordinaryNames(_ name: String) {
    #expect(!SecretRedaction.isSecretName(name))
  }

  @Test func envVarsAreRedactedAtAnyDepth() {
    let value: YAMLValue = .sequence([
      .mapping([
        ("runtime_env", .mapping([("env_vars", .mapping([("API_KEY", .string("k")), ("MODE", .string("fast"))]))])),
        ("env_vars", .mapping([("A_TOKEN", .int(5))])),
        // Only an `env_vars` mapping is an environment.
        ("other", .mapping([("MY_TOKEN", .string("visible"))])),
      ])
    ])
    #expect(
      SecretRedaction.redactingEnvironment(value)
        == .sequence([
          .mapping([
            (
              "runtime_env",
              .mapping([("env_vars", .mapping([("API_KEY", .string("<redacted>")), ("MODE", .string("fast"))]))])
            ),
            ("env_vars", .mapping([("A_TOKEN", .string("<redacted>"))])),
            ("other", .mapping([("MY_TOKEN", .string("visible"))])),
          ])
        ]))
  }

  @Test func knownSecretsAreReplacedWhereverTheyAppear() {
    let value: YAMLValue = .mapping([
      ("message", .string("auth failed for s3cr3t-value in s3cr3t-value")),
      ("env_vars", .mapping([("HOST", .string("https://u:s3cr3t-value@h"))])),
      ("short", .string("abc")),
    ])
    #expect(
      SecretRedaction.redactingEnvironment(value, secrets: ["s3cr3t-value", "abc", ""])
        == .mapping([
          ("message", .string("auth failed for <redacted> in <redacted>")),
          ("env_vars", .mapping([("HOST", .string("https://u:<redacted>@h"))])),
          // Secrets under four characters would hide ordinary text.
          ("short", .string("abc")),
        ]))
  }
}
