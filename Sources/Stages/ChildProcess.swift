import Glibc
import Pipeline

/// Receives a child's output as it arrives (the CLI shows it with `--verbose`).
public typealias OutputHandler = @Sendable (_ chunk: [UInt8]) -> Void

/// Runs a program to completion with its standard output and error captured together, in
/// the order it wrote them, the way a terminal would show them.
///
/// `posix_spawn` rather than Foundation's `Process`: the binary links FoundationEssentials
/// only (start-up budget), and forking a multithreaded process is unsafe. Standard input is
/// `/dev/null`, so a tool that asks a question fails instead of hanging a build.
public enum ChildProcess {
  public struct Result: Sendable {
    /// The exit status, or 128 + the signal number for a child killed by a signal (as a
    /// shell reports it).
    public let status: Int32
    public let output: [UInt8]

    public var text: String { String(decoding: output, as: UTF8.self) }
  }

  /// - Parameters:
  ///   - executable: An absolute path (see ``ExecutableSearch``).
  ///   - environment: Variables set on top of this process's environment; a nil value
  ///     removes the variable.
  ///   - workingDirectory: The child's current directory, or nil for ours.
  ///   - output: Called with each chunk as it is read, besides being collected.
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String?] = [:],
    workingDirectory: String? = nil, output: OutputHandler? = nil
  ) throws -> Result {
    let (readEnd, writeEnd) = try closeOnExecPipe(for: executable)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
    posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
    if let workingDirectory {
      guard let addChdir = Self.addChdir else {
        close(readEnd)
        close(writeEnd)
        throw SystemError("change into", workingDirectory, code: ENOSYS)
      }
      _ = addChdir(&actions, workingDirectory)
    }
    let spawned = Self.spawn(executable, arguments, environment: environment, actions: &actions)
    let pid = spawned.pid
    close(writeEnd)
    guard spawned.status == 0 else {
      close(readEnd)
      throw SystemError("run", executable, code: spawned.status)
    }

    var collected: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        break
      }
      if n == 0 { break }
      let chunk = Array(buffer[..<n])
      collected += chunk
      output?(chunk)
    }
    close(readEnd)

    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { throw SystemError("wait for", executable) }
    }
    // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
    let signal = status & 0x7f
    let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
    return Result(status: code, output: collected)
  }

  /// Starts `executable` (a path, or a name looked up on `PATH`) with `actions`.
  ///
  /// The child starts with default signal handling and nothing blocked: ignored signals and
  /// the signal mask are inherited through exec (Swift ignores SIGPIPE, a test runner may
  /// block others), and pytest, pip or an action must be interruptible as usual.
  /// - Parameter ownProcessGroup: Start the child in a process group of its own, so a
  ///   terminal's Ctrl-C reaches only this process, which decides what to pass on.
  /// - Returns: The pid, and `posix_spawn`'s status (0 on success).
  static func spawn(
    _ executable: String, _ arguments: [String], environment: [String: String?],
    actions: inout posix_spawn_file_actions_t, ownProcessGroup: Bool = false
  ) -> (pid: pid_t, status: Int32) {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigfillset(&defaults)
    sigdelset(&defaults, SIGKILL)
    sigdelset(&defaults, SIGSTOP)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
    if ownProcessGroup {
      posix_spawnattr_setpgroup(&attributes, 0)
      flags |= POSIX_SPAWN_SETPGROUP
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = mergedEnvironment(environment).map { strdup($0) } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    var pid = pid_t()
    let status = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
    return (pid, status)
  }

  /// This process's environment with `changes` applied.
  static func mergedEnvironment(_ changes: [String: String?]) -> [String] {
    var out: [String] = []
    var p = environ
    while let entry = p.pointee {
      let text = String(cString: entry)
      let name = String(text.prefix { $0 != "=" })
      if changes[name] == nil { out.append(text) }
      p += 1
    }
    for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
      if let value { out.append(name + "=" + value) }
    }
    return out
  }

  /// A pipe whose ends no other child inherits: `pipe2(O_CLOEXEC)` sets the flag at once,
  /// where `pipe` + `fcntl` would leave a moment for a concurrent spawn to copy them.
  static func closeOnExecPipe(for executable: String) throws -> (Int32, Int32) {
    var fds: [Int32] = [-1, -1]
    if let pipe2 = Self.pipe2 {
      guard pipe2(&fds, O_CLOEXEC) == 0 else { throw SystemError("create a pipe for", executable) }
    } else {
      guard pipe(&fds) == 0 else { throw SystemError("create a pipe for", executable) }
      for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }
    return (fds[0], fds[1])
  }

  private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

  /// glibc's `pipe2`, which Swift does not import either (`_GNU_SOURCE`).
  private static let pipe2: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }

  private typealias AddChdir =
    @convention(c) (
      UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
    ) -> Int32

  /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift does not import
  /// (it is declared only for `_GNU_SOURCE`), looked up once.
  private static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np")
    .map { unsafeBitCast($0, to: AddChdir.self) }
}
