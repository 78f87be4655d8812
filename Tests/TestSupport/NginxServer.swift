import Foundation

/// A real nginx (Debian's package) on 127.0.0.1, configured as a WebDAV store that speaks
/// Bazel's HTTP cache protocol: `GET`/`HEAD` read files under ``root``, `PUT` writes them
/// (creating directories), and a missing file is a 404.
///
/// Everything lives in a private directory: configuration, root, logs, pid file and
/// request-body temp files. One process (`master_process off`, `daemon off`), so the pid it
/// was started with is the server, and ``stop()`` ends it by that pid, never by name or
/// with `nginx -s`. No `user` directive: without a master process nginx never switches
/// user, so the same configuration runs as root and as anyone else, on an unprivileged
/// port.
public final class NginxServer: @unchecked Sendable {
  // @unchecked: everything is immutable after init except `stopped`, which only `stop()`
  // touches, under `lock`.

  public let directory: TemporaryDirectory
  public let port: Int
  private let process: SpawnedProcess
  private let lock = NSLock()
  private var stopped = false

  public struct StartFailure: Error, CustomStringConvertible {
    public let description: String
  }

  /// How the store answers writes.
  public enum Writes: Sendable {
    case allowed
    /// `PUT` and `DELETE` get 403 Forbidden (`limit_except GET HEAD { deny all; }`), as a
    /// cache whose token may only read answers.
    case forbidden
  }

  /// The nginx binary: Debian installs it in /usr/sbin, which non-root PATHs often lack.
  public static var executable: String? {
    for candidate in ["/usr/sbin/nginx", "/usr/bin/nginx"] where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    return nil
  }

  /// Starts nginx on a free port and waits until it accepts connections.
  public init(writes: Writes = .allowed) throws {
    guard let nginx = Self.executable else {
      throw StartFailure(description: "nginx is not installed; run scripts/install-deps")
    }
    let directory = TemporaryDirectory("nginx")
    for sub in ["root", "tmp", "logs"] { directory.mkdir(sub) }
    var lastLog = ""
    // A port found free can be taken before nginx binds it; try a few.
    for _ in 0..<5 {
      let port = try Self.freePort()
      try Self.configuration(directory: directory.path, port: port, writes: writes)
        .write(toFile: directory.url("nginx.conf"), atomically: true, encoding: .utf8)
      let process = try SpawnedProcess(
        nginx, ["-p", directory.path, "-c", directory.url("nginx.conf"), "-e", directory.url("logs/error.log")])
      let deadline = Date().addingTimeInterval(10)
      while process.isRunning, Date() < deadline, !Self.accepts(port: port) {
        usleep(5_000)
      }
      if process.isRunning, Self.accepts(port: port) {
        self.directory = directory
        self.port = port
        self.process = process
        return
      }
      process.terminate()
      lastLog = (try? String(contentsOfFile: directory.url("logs/error.log"), encoding: .utf8)) ?? ""
    }
    throw StartFailure(description: "nginx did not start: \(lastLog.suffix(2000))")
  }

  deinit {
    stop()
  }

  /// `http://127.0.0.1:PORT`, the remote cache's URL.
  public var url: String { "http://127.0.0.1:\(port)" }

  /// Where stored objects land: `root/ac/<key>`, `root/cas/<sha256>`.
  public var root: String { directory.url("root") }

  /// The pid nginx runs as, for tests that stop it from elsewhere (a plugin's test).
  public var pid: Int32 { process.pid }

  /// Whether nginx still runs (a test may have stopped it from elsewhere).
  public var isRunning: Bool { process.isRunning }

  /// Paths of every stored file, relative to ``root``, sorted.
  public func storedFiles() -> [String] {
    let fm = FileManager.default
    var out: [String] = []
    for case let rel as String in fm.enumerator(atPath: root) ?? NSEnumerator() {
      var isDirectory: ObjCBool = false
      if fm.fileExists(atPath: root + "/" + rel, isDirectory: &isDirectory), !isDirectory.boolValue { out.append(rel) }
    }
    return out.sorted()
  }

  /// One logged request.
  public struct Request: Sendable, Equatable {
    public let method: String
    public let path: String
    public let status: Int
    /// nginx's serial number of the connection it came on.
    public let connection: Int
    /// The request's Authorization header, or "-" without one: proof that credentials reach
    /// the server while they must never reach synapse's output.
    public let authorization: String
    /// The query string without its `?` (empty without one).
    public let query: String
  }

  /// Every request answered so far (nginx logs a request when it has answered it).
  public func requests() -> [Request] {
    let text = (try? String(contentsOfFile: directory.url("logs/access.log"), encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line in
      let f = line.split(separator: "|", omittingEmptySubsequences: false)
      guard f.count == 6, let status = Int(f[2]), let connection = Int(f[3]) else { return nil }
      return Request(
        method: String(f[0]), path: String(f[1]), status: status, connection: connection, authorization: String(f[4]),
        query: String(f[5]))
    }
  }

  /// Stops the server by its pid (SIGTERM, then SIGKILL after 2 s) and reaps it, so its
  /// port refuses connections from then on; later calls do nothing.
  public func stop() {
    lock.lock()
    defer { lock.unlock() }
    guard !stopped else {
      return
    }
    stopped = true
    process.terminate()
  }

  static func configuration(directory d: String, port: Int, writes: Writes) -> String {
    let deny = writes == .forbidden ? "limit_except GET HEAD { deny all; }" : ""
    return """
      daemon off;
      master_process off;
      worker_processes 1;
      pid \(d)/nginx.pid;
      error_log \(d)/logs/error.log info;
      events { worker_connections 256; }
      http {
        log_format cache '$request_method|$uri|$status|$connection|$http_authorization|$args';
        access_log \(d)/logs/access.log cache;
        client_body_temp_path \(d)/tmp;
        proxy_temp_path \(d)/tmp;
        fastcgi_temp_path \(d)/tmp;
        uwsgi_temp_path \(d)/tmp;
        scgi_temp_path \(d)/tmp;
        client_max_body_size 0;
        server {
          listen 127.0.0.1:\(port);
          root \(d)/root;
          location / {
            dav_methods PUT DELETE;
            create_full_put_path on;
            dav_access user:rw group:r all:r;
            \(deny)
          }
        }
      }

      """
  }

  /// A port nothing listens on right now: bind port 0 and read what the kernel chose.
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw StartFailure(description: "socket: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
        bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    guard bound else { throw StartFailure(description: "bind: \(String(cString: strerror(errno)))") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Whether something accepts TCP connections on 127.0.0.1:`port`.
  static func accepts(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }
}
