import Schema
import YAML

/// A job as Ray's Jobs API describes it (`GET /api/jobs/{id}`).
public struct RayJobInfo: Sendable, Equatable {
  /// `PENDING`, `RUNNING`, `STOPPED`, `SUCCEEDED` or `FAILED`.
  public var status: String
  public var submissionID: String
  public var message: String?
  /// Ray's `JobErrorType`, e.g. `RUNTIME_ENV_SETUP_FAILURE`.
  public var errorType: String?
  public var driverExitCode: Int?
  /// Unix milliseconds.
  public var startTime: Int?
  public var endTime: Int?
  public var entrypoint: String?
  public var metadata: [(key: String, value: String)]
  /// The reply as Ray sent it, with the values of `runtime_env.env_vars` that look like
  /// credentials replaced: Ray returns a job's environment in clear to anyone who asks.
  public var redacted: YAMLValue

  public static let terminalStatuses: Set<String> = ["STOPPED", "SUCCEEDED", "FAILED"]

  public var isTerminal: Bool { Self.terminalStatuses.contains(status) }

  /// `message` without the log tail Ray appends to a failure's ("…, last available logs
  /// (truncated to 20,000 chars): …"): whoever shows it has shown the log already.
  public var summary: String? {
    message.map { text in text.firstRange(of: ", last available logs").map { String(text[..<$0.lowerBound]) } ?? text }
  }

  public static func == (a: RayJobInfo, b: RayJobInfo) -> Bool {
    a.status == b.status && a.submissionID == b.submissionID && a.message == b.message && a.errorType == b.errorType
      && a.driverExitCode == b.driverExitCode && a.redacted == b.redacted
  }

  static func parse(_ body: [UInt8]) throws(RayError) -> RayJobInfo {
    let value: YAMLValue
    do {
      value = try JSONReader.parse(body)
    } catch {
      throw .unexpectedResponse(operation: "get the job", detail: "\(error)")
    }
    return try parse(value)
  }

  static func parse(_ value: YAMLValue) throws(RayError) -> RayJobInfo {
    guard case .string(let status)? = value["status"] else {
      throw .unexpectedResponse(operation: "get the job", detail: "no status in the reply")
    }
    func string(_ key: String) -> String? {
      if case .string(let s)? = value[key] { return s }
      return nil
    }
    func int(_ key: String) -> Int? {
      if case .int(let i)? = value[key] { return i }
      return nil
    }
    var metadata: [(key: String, value: String)] = []
    if case .mapping(let pairs)? = value["metadata"] {
      for (key, item) in pairs { if case .string(let s) = item { metadata.append((key, s)) } }
    }
    return RayJobInfo(
      status: status, submissionID: string("submission_id") ?? string("job_id") ?? "", message: string("message"),
      errorType: string("error_type"), driverExitCode: int("driver_exit_code"), startTime: int("start_time"),
      endTime: int("end_time"), entrypoint: string("entrypoint"), metadata: metadata,
      redacted: SecretRedaction.redactingEnvironment(value))
  }
}
