import Foundation

/// Runs a program on a pseudo-terminal (driven by Python's pty module), answering its
/// prompts in order: how tests reach the interactive paths that only a terminal unlocks.
public enum PseudoTerminal {
  /// Runs `executable` with stdin, stdout and stderr on a pty. Each answer is typed once the
  /// terminal has shown its `after` text (counted from the previous answer on).
  /// - Returns: the exit status and everything the terminal showed.
  public static func run(
    _ executable: String, _ arguments: [String], answers: [(after: String, type: String)],
    environment: [String: String] = [:], cwd: String? = nil
  ) throws -> (status: Int32, screen: String) {
    let script = """
      import json, os, pty, select, sys
      answers = json.loads(os.environ["PTY_ANSWERS"])
      pid, fd = pty.fork()
      if pid == 0:
          os.execv(sys.argv[1], sys.argv[1:])
      seen, mark = b"", 0
      while True:
          r, _, _ = select.select([fd], [], [], 20)
          if not r:
              break
          try:
              chunk = os.read(fd, 4096)
          except OSError:
              break
          if not chunk:
              break
          seen += chunk
          while answers and answers[0][0].encode() in seen[mark:]:
              mark = seen.index(answers[0][0].encode(), mark) + len(answers[0][0].encode())
              os.write(fd, answers.pop(0)[1].encode() + b"\\n")
      _, status = os.waitpid(pid, 0)
      sys.stdout.write(seen.decode(errors="replace"))
      sys.exit(os.waitstatus_to_exitcode(status))
      """
    var env = environment
    let pairs = answers.map { [$0.after, $0.type] }
    env["PTY_ANSWERS"] = String(decoding: try JSONSerialization.data(withJSONObject: pairs), as: UTF8.self)
    let result = ProcessRunner.run("python3", ["-c", script, executable] + arguments, cwd: cwd, environment: env)
    return (result.status, result.stdout)
  }
}
