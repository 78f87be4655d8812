import Foundation

/// A child started with `posix_spawn`, an empty signal mask and default signal dispositions,
/// its output to /dev/null, and reaped by its pid.
///
/// Foundation's `Process` hands its child the mask of the thread that starts it, and the
/// test runner's threads block nearly every signal: a server started that way ignores
/// SIGTERM. Servers whose clean shutdown a test relies on start here instead.
public final class SpawnedProcess: @unchecked Sendable {
  // @unchecked: `exitStatus` is only touched under `lock`.
  public let pid: pid_t
  private let lock = NSLock()
  private var exitStatus: Int32?

  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  public init(_ executable: String, _ arguments: [String]) throws {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] {
      posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    guard status == 0 else {
      throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))")
    }
    self.pid = pid
  }

  deinit {
    terminate()
  }

  /// Whether the child has not exited (reaping it if it has).
  public var isRunning: Bool {
    lock.withLock {
      guard exitStatus == nil else { return false }
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
      return exitStatus == nil
    }
  }

  /// SIGTERM, up to 2 s for a clean exit, then SIGKILL; by pid only.
  public func terminate() {
    guard isRunning else { return }
    kill(pid, SIGTERM)
    let deadline = Date().addingTimeInterval(2)
    while isRunning, Date() < deadline {
      usleep(2_000)
    }
    guard isRunning else { return }
    kill(pid, SIGKILL)
    lock.withLock {
      var status: Int32 = 0
      if exitStatus == nil, waitpid(pid, &status, 0) == pid { exitStatus = status }
    }
  }
}
