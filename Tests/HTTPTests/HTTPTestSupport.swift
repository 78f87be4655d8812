import Foundation
import HTTP
import TestSupport

/// Writes `size` random bytes to `name` in `directory`; returns the path and the bytes.
func writeRandomFile(in directory: TemporaryDirectory, _ name: String, size: Int) -> (path: String, bytes: [UInt8]) {
  let source = FileHandle(forReadingAtPath: "/dev/urandom")!
  defer { try? source.close() }
  let bytes = [UInt8](source.readData(ofLength: size))
  precondition(bytes.count == size)
  return (directory.write(name, bytes: bytes), bytes)
}

/// The release upload `synapse publish` sends: four fields, then the archive
/// (without a Content-Type, as python-requests sends a file given without one).
func releaseForm(
  plugin: String = "demo", version: String = "1.0.0", file: String, size: Int,
  verifier: UploadVerifierFactory? = nil, omitting: Set<String> = []
) -> MultipartForm {
  let parts: [MultipartPart] = [
    .field("plugin", plugin),
    .field("version", version),
    .field("config", #"{"code": "demo", "name": "Demo"}"#),
    .field("debug", "false"),
    .file("file", filename: "plugin.zip", path: file, size: Int64(size), verifier: verifier),
  ]
  return MultipartForm(parts: parts.filter { !omitting.contains($0.name) })
}

func releaseRequest(_ server: BackendServer, form: MultipartForm, token: String? = nil) -> HTTPRequest {
  HTTPRequest(
    method: "POST", url: server.releasesURL,
    headers: [HTTPHeader("Synapse-Access-Token", "Token \(token ?? server.token)"), HTTPHeader("Accept", "application/json")],
    body: .multipart(form))
}

/// A client that retries fast, so retry tests spend their time on purpose only.
func fastClient(
  maxRetries: Int = 3, timeout: Double? = nil, stallTimeout: Double = 30, caCertificateFile: String? = nil
) throws -> HTTPClient {
  try HTTPClient(
    configuration: HTTPConfiguration(
      connectTimeout: 5, timeout: timeout, stallTimeout: stallTimeout, maxRetries: maxRetries, retryBaseDelay: 0.01,
      maxRetryDelay: 5, caCertificateFile: caCertificateFile))
}

/// Runs a CLI digest tool (`sha256sum`, `md5sum`) on a file.
func digest(_ tool: String, _ path: String) throws -> String {
  String(try ProcessRunner.output(tool, [path]).prefix { $0 != " " })
}

/// Records everything an observer hears.
final class RecordingObserver: HTTPTransferObserver, @unchecked Sendable {
  // @unchecked: every access goes through `lock`.
  private let lock = NSLock()
  private var progressEvents: [(sent: Int64, total: Int64, received: Int64)] = []
  private var retryEvents: [(attempt: Int, delay: Double, error: HTTPError)] = []

  func progress(sent: Int64, totalToSend: Int64, received: Int64) {
    lock.withLock { progressEvents.append((sent, totalToSend, received)) }
  }

  func willRetry(attempt: Int, delay: Double, after error: HTTPError) {
    lock.withLock { retryEvents.append((attempt, delay, error)) }
  }

  var progress: [(sent: Int64, total: Int64, received: Int64)] { lock.withLock { progressEvents } }
  var retries: [(attempt: Int, delay: Double, error: HTTPError)] { lock.withLock { retryEvents } }
}

/// Counts the bytes it sees and rejects the file with a fixed reason (or accepts it).
final class CountingVerifier: UploadVerifier {
  let reason: String?
  let seen: Locked<Int>
  let finishedAt: Locked<Int?>

  init(reason: String?, seen: Locked<Int>, finishedAt: Locked<Int?>) {
    self.reason = reason
    self.seen = seen
    self.finishedAt = finishedAt
  }

  func update(_ chunk: UnsafeRawBufferPointer) {
    seen.update { $0 += chunk.count }
  }

  func finish() -> String? {
    finishedAt.set(seen.get())
    return reason
  }
}

/// Parses a JSON object from response bytes.
func jsonObject(_ bytes: [UInt8]) -> [String: Any] {
  (try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]) ?? [:]
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = start.duration(to: .now)
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
