import Glibc
import Pipeline

/// Runs one action in a child Python process (`--mode local`) and streams its events.
///
/// The child is `python -m synapse_sdk.plugins.run_action` with the embedded runtime first on
/// `PYTHONPATH`. Its events arrive as JSON lines on a pipe the child sees as file descriptor
/// 3 (`SYNAPSE_EVENTS_FD`), so whatever the plugin prints cannot corrupt them; the child's
/// stderr is the terminal's (tracebacks of a crash before any event still show), its stdout
/// is discarded (the result comes as an event). `PYTHONPYCACHEPREFIX` puts Python's bytecode
/// caches under synapse's cache directory: none in the plugin tree, and still no recompiling
/// of the runtime (and pydantic's users) on every run.
public struct LocalActionRun: Sendable {
  public let interpreter: PythonInterpreter
  /// The directory holding `synapse_sdk/` (``PythonRuntime/install(in:)``).
  public let runtimePath: String
  public let pluginDirectory: String
  public let action: String
  public let paramsJSON: String
  public let jobID: String
  /// Where Python keeps bytecode (`PYTHONPYCACHEPREFIX`).
  public let bytecodeDirectory: String

  public init(
    interpreter: PythonInterpreter, runtimePath: String, pluginDirectory: String, action: String, paramsJSON: String,
    jobID: String, bytecodeDirectory: String
  ) {
    self.bytecodeDirectory = bytecodeDirectory
    self.interpreter = interpreter
    self.runtimePath = runtimePath
    self.pluginDirectory = pluginDirectory
    self.action = action
    self.paramsJSON = paramsJSON
    self.jobID = jobID
  }

  /// How the child ended.
  public enum Termination: Sendable, Equatable {
    case exited(Int32)
    case signalled(Int32)
  }

  /// The process id of the running child, for a SIGINT handler to forward the signal to.
  /// A signal handler can only read plain memory; this is written before the child can run
  /// and cleared after it is reaped.
  nonisolated(unsafe) public static var runningChild: pid_t = 0

  /// Starts the child, calls `onEvent` for every line it reports (with the raw line), and
  /// returns how it ended.
  public func run(onEvent: (ActionEvent, String) -> Void) throws -> Termination {
    // Close-on-exec on both ends: only the dup2'ed copy at fd 3 may reach the child.
    let (readEnd, writeEnd) = try ChildProcess.closeOnExecPipe(for: interpreter.executable)
    defer { close(readEnd) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // dup2 clears close-on-exec on the copy, so the child keeps exactly fd 3 open.
    posix_spawn_file_actions_adddup2(&actions, writeEnd, 3)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let arguments = [
      "-m", "synapse_sdk.plugins.run_action", "--plugin-dir", pluginDirectory, "--action", action, "--params-json",
      paramsJSON, "--job-id", jobID,
    ]
    // Its own process group: a Ctrl-C on the terminal reaches synapse alone, which forwards
    // it once (the child would otherwise get it twice, and a second KeyboardInterrupt can
    // cut its clean-up short).
    let (pid, status) = ChildProcess.spawn(
      interpreter.executable, arguments, environment: environmentChanges(), actions: &actions, ownProcessGroup: true)
    close(writeEnd)
    guard status == 0 else {
      throw StagesError.stageFailed(
        "cannot start \(interpreter.executable) (from \(interpreter.source)): \(String(cString: strerror(status)))")
    }
    Self.runningChild = pid
    defer { Self.runningChild = 0 }

    var pending: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      pending += buffer[0..<count]
      while let newline = pending.firstIndex(of: 0x0A) {
        let line = String(decoding: pending[..<newline], as: UTF8.self)
        pending.removeSubrange(...newline)
        if let event = ActionEvent.parse(line) { onEvent(event, line) }
      }
    }
    if !pending.isEmpty, let event = ActionEvent.parse(String(decoding: pending, as: UTF8.self)) {
      onEvent(event, String(decoding: pending, as: UTF8.self))
    }
    var waitStatus: Int32 = 0
    while waitpid(pid, &waitStatus, 0) < 0, errno == EINTR {}
    let signal = waitStatus & 0x7F
    return signal == 0 ? .exited((waitStatus >> 8) & 0xFF) : .signalled(signal)
  }

  /// What the runtime needs on top of this process's environment.
  func environmentChanges() -> [String: String?] {
    let existing = CacheLocation.environment("PYTHONPATH").flatMap { $0.isEmpty ? nil : $0 }
    return [
      "PYTHONPATH": existing.map { runtimePath + ":" + $0 } ?? runtimePath,
      "SYNAPSE_EVENTS_FD": "3", "SYNAPSE_EVENTS_QUIET": "1", "PYTHONPYCACHEPREFIX": bytecodeDirectory,
      // Unset: with the prefix above, bytecode never lands in the plugin tree, so the usual
      // reason to forbid it does not apply, and recompiling on every run would cost a
      // quarter of a second.
      "PYTHONDONTWRITEBYTECODE": nil,
      "PYTHONUNBUFFERED": "1", "SYNAPSE_JOB_ID": jobID,
    ]
  }
}
