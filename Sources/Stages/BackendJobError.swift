/// Failures of remote runs and of the backend's job endpoints, worded as upstream's
/// (`Failed to run plugin: …`, `Failed to get job: …`) so scripts matching them still work.
public enum BackendJobError: Error, Sendable, Equatable, CustomStringConvertible {
  case notAuthenticated
  case noAgent
  case failed(operation: Operation, message: String)

  public enum Operation: String, Sendable {
    case run = "Failed to run plugin"
    case getJob = "Failed to get job"
    case getLogs = "Failed to get job logs"
    case tailLogs = "Failed to tail job logs"
  }

  public var description: String {
    switch self {
    case .notAuthenticated:
      return "Not authenticated. Run `synapse login` to authenticate."
    case .noAgent:
      return "No agent configured: set `agent` in ~/.synapse/config.json (or pass --agent ID)."
    case .failed(let operation, let message):
      return "\(operation.rawValue): \(message)"
    }
  }
}
