import Foundation
import Glibc
import HTTP
import Hashing
import Schema
import Testing
import TestSupport
import YAML

@testable import Stages

/// The pure parts of RayDashboard: Ray's error text, ids in paths, the token's sources.
@Suite struct RayDashboardHelperTests {
  func message(_ text: String) -> String { RayDashboard.message(from: Array(text.utf8)) }

  @Test func aTracebackGivesItsLastLine() {
    let body = """
      Traceback (most recent call last):
        File "/ray/dashboard/modules/job/job_head.py", line 310, in submit_job
          resp = await job_agent_client.submit_job_internal(req)
      ValueError: Job with submission_id x already exists. Please use a different submission_id.

      During handling of the above exception, another exception occurred:

      Traceback (most recent call last):
        File "/ray/dashboard/modules/job/job_head.py", line 320, in submit_job
      RuntimeError: Job with submission_id x already exists. Please use a different submission_id.


      """
    #expect(
      message(body) == "RuntimeError: Job with submission_id x already exists. Please use a different submission_id.")
    #expect(message("Job raysubmit_1 does not exist") == "Job raysubmit_1 does not exist")
    #expect(message("  \r\n  indented last line  \r\n") == "indented last line")
  }

  @Test func theLastLineOfALongTracebackIsFound() {
    let frames = String(repeating: "  File \"x.py\", line 1, in f\n    g()\n", count: 5000)
    #expect(message("Traceback (most recent call last):\n" + frames + "OSError: disk full\n") == "OSError: disk full")
  }

  @Test func jsonDetailOrMessage() {
    #expect(message(#"{"detail": "Not authenticated"}"#) == "Not authenticated")
    #expect(
      message(#"{"message": "Maximum request body size 104857600 exceeded."}"#)
        == "Maximum request body size 104857600 exceeded.")
    // JSON without either is shown as it came.
    #expect(message(#"{"error": 1}"#) == #"{"error": 1}"#)
  }

  @Test func anEmptyBodySaysSo() {
    #expect(message("") == "(no explanation)")
    #expect(message("\n \n") == "(no explanation)")
  }

  @Test func idsArePercentEncodedOutsideUnreservedCharacters() {
    #expect(RayDashboard.escaped("synapse-demo_run.1~x") == "synapse-demo_run.1~x")
    #expect(RayDashboard.escaped("a b/c?d#e%f") == "a%20b%2Fc%3Fd%23e%25f")
    #expect(RayDashboard.escaped("..") == "..")
    #expect(RayDashboard.escaped("é") == "%C3%A9")
  }

  @Test func tokenFromFlagThenEnvironment() {
    let env: (String) -> String? = { $0 == "RAY_AUTH_TOKEN" ? "from-env" : nil }
    #expect(RayDashboard.token(flag: "from-flag", environment: env) == "from-flag")
    #expect(RayDashboard.token(flag: "", environment: env) == "from-env")
    #expect(RayDashboard.token(flag: nil, environment: env) == "from-env")
    #expect(RayDashboard.token(flag: nil, environment: { _ in "" }) == nil)
    #expect(RayDashboard.token(flag: nil, environment: { _ in nil }) == nil)
  }
}

/// RayDashboard against a local server that answers as Ray's Jobs API does
/// (`Tests/Ray/jobs_api_stub.py`).
@Suite struct RayDashboardServerTests {
  static let configuration = HTTPConfiguration(
    connectTimeout: 5, stallTimeout: 30, maxRetries: 0, userAgent: "synapse/test (linux)")

  func start(token: String? = nil) throws -> StubServer {
    try StubServer(script: "Tests/Ray/jobs_api_stub.py", arguments: token.map { ["--token", $0] } ?? [])
  }

  func dashboard(_ server: StubServer, token: String? = nil) throws -> RayDashboard {
    try RayDashboard(
      address: RayAddress(url: server.baseURL, source: "--ray-address"), token: token,
      configuration: Self.configuration)
  }

  /// The error `body` throws, or nil (recorded as an issue).
  func rayError<T>(_ body: () throws(RayError) -> T) -> RayError? {
    do {
      let value = try body()
      Issue.record("expected an error, got \(value)")
      return nil
    } catch {
      return error
    }
  }

  func headers(_ request: [String: Any]) -> [String: String] {
    request["headers"] as? [String: String] ?? [:]
  }

  static func spec(id: String) -> RayJobSpec {
    var config = RayJobConfig()
    config.env = [("MODE", "fast")]
    return RayJobSpec(
      mode: .job, submissionID: id, header: PluginHeader(name: "Demo", code: "demo", version: "1.0.0"),
      action: "train", paramsJSON: #"{"epochs": 3, "name": "ü \"quoted\""}"#, workingDirPackage: "_ray_pkg_a.zip",
      runtimePackage: "_ray_pkg_b.zip", archiveSHA256: "00ff", cpus: 1, gpus: nil, config: config,
      requirements: "six\n", wheels: [])
  }

  @Test func packagesAreLookedUpThenUploadedIntact() throws {
    let server = try start()
    let ray = try dashboard(server)
    let dir = TemporaryDirectory()
    let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
    let file = dir.write("pkg.zip", bytes: bytes)
    let name = "_ray_pkg_0123456789abcdef0123456789abcdef01234567.zip"

    #expect(try ray.packageExists(name) == false)
    try ray.uploadPackage(name, file: file, size: Int64(bytes.count))
    #expect(server.stateDirectory.read("packages/" + name) == bytes)
    #expect(try ray.packageExists(name) == true)

    let methods = server.requests().map { "\($0["method"] ?? "") \($0["path"] ?? "")" }
    #expect(
      methods == [
        "GET /api/packages/gcs/\(name)", "PUT /api/packages/gcs/\(name)", "GET /api/packages/gcs/\(name)",
      ])
  }

  /// A package whose bytes are not those its digest names (a damaged cached archive) is cut
  /// off before its last chunk: Ray never stores it.
  @Test func aPackageThatDoesNotMatchItsDigestIsNeverStored() throws {
    let server = try start()
    let ray = try dashboard(server)
    let dir = TemporaryDirectory()
    let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
    let file = dir.write("pkg.zip", bytes: bytes)
    let name = "_ray_pkg_0123456789abcdef0123456789abcdef01234567.zip"
    var damaged = bytes
    damaged[150_000] ^= 1
    let expected = SHA256.hash(bytes: damaged).hex
    #expect {
      try ray.uploadPackage(name, file: file, size: Int64(bytes.count), sha256: expected)
    } throws: { error in
      guard case .packageDamaged(let package, let reason)? = error as? RayError else { return false }
      return package == name && reason.contains(expected)
    }
    #expect(server.stateDirectory.read("packages/" + name).isEmpty)
    try ray.uploadPackage(name, file: file, size: Int64(bytes.count), sha256: SHA256.hash(bytes: bytes).hex)
    #expect(server.stateDirectory.read("packages/" + name) == bytes)
  }

  @Test func submitSendsTheSpecAndReturnsTheID() throws {
    let server = try start()
    let ray = try dashboard(server)
    let spec = Self.spec(id: "synapse-demo-train-000000000001")
    #expect(try ray.submit(try spec.request()) == "synapse-demo-train-000000000001")
    let received = try JSONReader.parse(server.stateDirectory.read("jobs/synapse-demo-train-000000000001.json"))
    #expect(received == (try spec.request()))
    let submit = try #require(server.requests().last)
    #expect(headers(submit)["content-type"] == "application/json")

    let info = try ray.job("synapse-demo-train-000000000001")
    #expect(info.status == "SUCCEEDED")
    #expect(info.submissionID == "synapse-demo-train-000000000001")
    #expect(info.metadata.first { $0.key == "synapse_action" }?.value == "train")
    #expect(try ray.logs("synapse-demo-train-000000000001").hasPrefix("Running entrypoint for job synapse-demo-train-"))
    #expect(try ray.stop("synapse-demo-train-000000000001") == false)
    #expect(try ray.version() == "2.60.0")
  }

  @Test func aDuplicateSubmissionIsRefusedWithTheTracebacksLastLine() throws {
    let server = try start()
    let ray = try dashboard(server)
    let request = try Self.spec(id: "dup-1").request()
    _ = try ray.submit(request)
    #expect(
      rayError { () throws(RayError) in try ray.submit(request) }
        == .api(
          status: 500, operation: "submit the job",
          message: "ValueError: Job with submission_id dup-1 already exists. Please use a different submission_id."))
  }

  @Test func aMalformedSubmissionIsRefusedWithRaysReason() throws {
    let server = try start()
    let ray = try dashboard(server)
    #expect(
      rayError { () throws(RayError) in try ray.submit(.mapping([("submission_id", .string("x"))])) }
        == .api(
          status: 400, operation: "submit the job",
          message: "TypeError: JobSubmitRequest.__init__() missing 1 required positional argument: 'entrypoint'"))
  }

  @Test func unknownJobsAreNotFoundAndIdsAreEscaped() throws {
    let server = try start()
    let ray = try dashboard(server)
    #expect(rayError { () throws(RayError) in try ray.job("a b/c") } == .jobNotFound(id: "a b/c", url: server.baseURL))
    #expect(rayError { () throws(RayError) in try ray.logs("gone") } == .jobNotFound(id: "gone", url: server.baseURL))
    #expect(rayError { () throws(RayError) in try ray.stop("gone") } == .jobNotFound(id: "gone", url: server.baseURL))
    #expect(server.requests().first?["path"] as? String == "/api/jobs/a%20b%2Fc")
  }

  @Test func missingAndWrongTokensAreTold() throws {
    let server = try start(token: "cluster-secret")
    let url = server.baseURL
    let (none, empty, wrong) = (
      try dashboard(server), try dashboard(server, token: ""), try dashboard(server, token: "wrong")
    )
    #expect(rayError { () throws(RayError) in try none.version() } == .tokenRequired(url: url))
    #expect(rayError { () throws(RayError) in try empty.version() } == .tokenRequired(url: url))
    #expect(
      rayError { () throws(RayError) in try wrong.version() }
        == .tokenRefused(url: url, detail: "Forbidden: Invalid authentication token"))
    #expect(try dashboard(server, token: "cluster-secret").version() == "2.60.0")
    #expect(try dashboard(server, token: "cluster-secret").packageExists("_ray_pkg_x.zip") == false)

    let sent = server.requests().map { headers($0)["authorization"] }
    #expect(sent == [nil, nil, "Bearer wrong", "Bearer cluster-secret", "Bearer cluster-secret"])
  }

  @Test func requestsDoNotLookLikeABrowsers() throws {
    let server = try start()
    let ray = try dashboard(server)
    _ = try ray.submit(try Self.spec(id: "ua-1").request())
    _ = try ray.stop("ua-1")
    for request in server.requests() {
      let sent = headers(request)
      #expect(sent["user-agent"] == "synapse/test (linux)")
      #expect(sent["origin"] == nil)
      #expect(sent.keys.allSatisfy { !$0.hasPrefix("sec-fetch-") })
    }
  }

  @Test func nothingListeningIsUnreachable() throws {
    // A port that was just free: bound, read, closed.
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    close(socket)
    let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))"
    let ray = try RayDashboard(
      address: RayAddress(url: url, source: "RAY_ADDRESS"), token: nil, configuration: Self.configuration)
    guard case .unreachable(let reportedURL, let source, _)? = rayError({ () throws(RayError) in try ray.version() })
    else {
      Issue.record("expected unreachable")
      return
    }
    #expect(reportedURL == url)
    #expect(source == "RAY_ADDRESS")
  }
}
