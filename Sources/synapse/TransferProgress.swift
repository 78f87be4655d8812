import Glibc
import HTTP
import Pipeline
import Stages
import Synchronization

/// Shows an upload's progress on a terminal (one rewritten line, at most ten updates a
/// second) and reports every retry, terminal or not, so a slow publish explains itself.
final class TransferProgress: HTTPTransferObserver {
  private let showsBar: Bool
  private let lastDraw = Mutex<Double>(0)

  init(showsBar: Bool) {
    self.showsBar = showsBar
  }

  func progress(sent: Int64, totalToSend: Int64, received: Int64) {
    guard showsBar, totalToSend > 0 else { return }
    let now = Self.seconds()
    let finished = sent >= totalToSend
    let due = lastDraw.withLock { last in
      guard finished || now - last >= 0.1 else { return false }
      last = now
      return true
    }
    guard due else { return }
    let percent = Int(Double(sent) * 100 / Double(totalToSend))
    let line = "uploading \(percent)%  \(ByteCount.format(Int(sent))) of \(ByteCount.format(Int(totalToSend)))"
    Terminal.standardError.write("\r\u{1B}[K" + line + (finished ? "\r\u{1B}[K" : ""))
  }

  func willRetry(attempt: Int, delay: Double, after error: HTTPError) {
    if showsBar { Terminal.standardError.write("\r\u{1B}[K") }
    let seconds = (delay * 10).rounded() / 10
    Terminal.standardError.write(
      "warning: \(TerminalText.escaped("\(error)")); retrying in \(seconds) s (attempt \(attempt))\n")
  }

  /// Clears the progress line before other output.
  func finish() {
    if showsBar { Terminal.standardError.write("\r\u{1B}[K") }
  }

  private static func seconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }
}
