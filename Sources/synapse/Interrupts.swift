import Glibc
import Stages

/// SIGINT and SIGTERM while an action runs: passed on to the child (which runs in its own
/// process group, so a terminal's Ctrl-C reaches only synapse), and remembered so the
/// command exits 130.
enum Interrupts {
  /// Set from the signal handler; read after the child is reaped.
  nonisolated(unsafe) static var received = false
  /// How many arrived: following a Ray job, the first stops the job and the second stops
  /// waiting for it.
  nonisolated(unsafe) static var count = 0

  static func forwardToChild() {
    received = false
    count = 0
    signal(SIGINT, forward)
    signal(SIGTERM, forward)
    // A parent may have started synapse with these blocked (Foundation's Process passes its
    // thread's mask on); then the handler would never run.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    sigaddset(&unblock, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
  }

  static func restore() {
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}

/// Only async-signal-safe work: read a pid, call kill, set a flag.
private func forward(_ signal: Int32) {
  Interrupts.received = true
  Interrupts.count += 1
  let child = LocalActionRun.runningChild
  if child > 0 { kill(child, signal) }
}
