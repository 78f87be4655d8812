import Foundation
import HTTP
import Testing
import TestSupport

/// Uploads to the real test backend arrive exactly as built.
@Suite struct HTTPClientUploadTests {
  @Test func multipartUploadArrivesWithExactPartsAndBytes() throws {
    let server = try BackendServer()
    let dir = TemporaryDirectory()
    let size = 3 * 1024 * 1024 + 17
    let (path, bytes) = writeRandomFile(in: dir, "plugin.zip", size: size)
    let form = releaseForm(file: path, size: size)

    let response = try fastClient().send(releaseRequest(server, form: form))

    #expect(response.status == 201)
    #expect(response.attempts == 1)
    #expect(response.header("content-type") == "application/json")
    let answer = jsonObject(response.body)
    #expect(answer["id"] as? Int == 1)
    #expect(answer["size"] as? Int == size)
    #expect(answer["checksum"] as? String == (try digest("md5sum", path)))

    let release = try #require(server.releases().first)
    #expect(release["part_names"] as? [String] == ["plugin", "version", "config", "debug", "file"])
    #expect(
      release["part_headers"] as? [[String]] == [
        [#"Content-Disposition: form-data; name="plugin""#],
        [#"Content-Disposition: form-data; name="version""#],
        [#"Content-Disposition: form-data; name="config""#],
        [#"Content-Disposition: form-data; name="debug""#],
        [#"Content-Disposition: form-data; name="file"; filename="plugin.zip""#],
      ])
    #expect(release["file_sha256"] as? String == (try digest("sha256sum", path)))
    #expect(release["file_size"] as? Int == size)
    #expect(release["file_name"] as? String == "plugin.zip")
    #expect((release["config"] as? [String: String]) == ["code": "demo", "name": "Demo"])
    #expect(release["debug"] as? String == "false")
    #expect(release["auth"] as? String == "Synapse-Access-Token")
    #expect(server.releaseFile(id: 1) == bytes)

    let headers = try #require(release["request_headers"] as? [[String]])
    let names = headers.map { $0[0].lowercased() }
    #expect(!names.contains("expect"), "\(headers)")
    #expect(!names.contains("transfer-encoding"))
    #expect(headers.contains(["Content-Length", String(form.contentLength)]))
    #expect(headers.contains(["Content-Type", form.contentType]))
    #expect(headers.contains(["Synapse-Access-Token", "Token <redacted>"]))
    #expect(headers.contains(["User-Agent", "synapse"]))
  }

  @Test func progressIsMonotonicAndEndsAtTheBodyLength() throws {
    let server = try BackendServer()
    let dir = TemporaryDirectory()
    let size = 4 * 1024 * 1024
    let (path, _) = writeRandomFile(in: dir, "plugin.zip", size: size)
    let form = releaseForm(file: path, size: size)
    let observer = RecordingObserver()

    _ = try fastClient().send(releaseRequest(server, form: form), observer: observer)

    let events = observer.progress
    let sent = events.map(\.sent)
    #expect(events.count > 2)
    #expect(zip(sent, sent.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(sent.last == form.contentLength)
    #expect(events.allSatisfy { $0.total == form.contentLength })
    #expect(observer.retries.isEmpty)
  }

  @Test func aRejectingVerifierAbortsBeforeTheServerHasTheWholeBody() throws {
    let server = try BackendServer()
    let dir = TemporaryDirectory()
    let size = 2 * 1024 * 1024 + 5
    let (path, _) = writeRandomFile(in: dir, "plugin.zip", size: size)
    let seen = Locked(0)
    let finishedAt = Locked<Int?>(nil)
    let form = releaseForm(file: path, size: size) {
      CountingVerifier(reason: "digest differs from the built archive", seen: seen, finishedAt: finishedAt)
    }

    #expect(throws: HTTPError.verificationFailed(path: path, reason: "digest differs from the built archive")) {
      try fastClient().send(releaseRequest(server, form: form))
    }
    #expect(finishedAt.get() == size, "finish() saw every byte")
    let logged = server.requests(path: "/plugin_releases/", atLeast: 1)
    #expect(logged.count == 1, "not retried")
    #expect(logged.first?["status"] is NSNull)
    #expect((logged.first?["bytes_received"] as? Int ?? .max) < Int(form.contentLength))
    #expect(server.releases().isEmpty)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.stateDirectory.path)
    #expect(!leftovers.contains { $0.hasPrefix(".upload-") }, "\(leftovers)")
  }

  @Test func anAcceptingVerifierSeesTheWholeFileOncePerAttempt() throws {
    let server = try BackendServer(faults: ["503:0"])
    let dir = TemporaryDirectory()
    let size = 1024 * 1024 + 3
    let (path, _) = writeRandomFile(in: dir, "plugin.zip", size: size)
    let made = Locked(0)
    let seen = Locked(0)
    let finishedAt = Locked<Int?>(nil)
    let form = releaseForm(file: path, size: size) {
      made.update { $0 += 1 }
      return CountingVerifier(reason: nil, seen: seen, finishedAt: finishedAt)
    }

    let response = try fastClient().send(releaseRequest(server, form: form))

    #expect(response.attempts == 2)
    #expect(made.get() == 2)
    #expect(seen.get() == 2 * size)
  }

  @Test func aFileThatChangedSizeIsNotUploaded() throws {
    let server = try BackendServer()
    let dir = TemporaryDirectory()
    let (path, _) = writeRandomFile(in: dir, "plugin.zip", size: 1000)
    let form = releaseForm(file: path, size: 999)

    #expect {
      try fastClient().send(releaseRequest(server, form: form))
    } throws: { error in
      guard case .fileUnreadable(let failed, let reason) = error as? HTTPError else { return false }
      return failed == path && reason.contains("1000") && reason.contains("999")
    }
    #expect(server.releases().isEmpty)

    let missing = releaseForm(file: dir.url("missing.zip"), size: 10)
    #expect(throws: HTTPError.fileUnreadable(path: dir.url("missing.zip"), reason: "No such file or directory")) {
      try fastClient().send(releaseRequest(server, form: missing))
    }
  }

  @Test func userTokenWithTenantAuthenticates() throws {
    let server = try BackendServer(userToken: "user-secret", tenant: "acme")
    let dir = TemporaryDirectory()
    let (path, _) = writeRandomFile(in: dir, "plugin.zip", size: 100)
    var request = releaseRequest(server, form: releaseForm(file: path, size: 100))
    request.headers = [HTTPHeader("Authorization", "Token user-secret"), HTTPHeader("Synapse-Tenant", "Token acme")]

    _ = try fastClient().send(request)

    let release = try #require(server.releases().first)
    #expect(release["auth"] as? String == "Authorization")
    let headers = try #require(release["request_headers"] as? [[String]])
    #expect(headers.contains(["Authorization", "Token <redacted>"]))
    #expect(headers.contains(["Synapse-Tenant", "Token <redacted>"]))
  }

  @Test func putAndDeleteSendTheirMethodAndBody() throws {
    let server = try BackendServer()
    let client = try fastClient(maxRetries: 0)
    let dir = TemporaryDirectory()
    let (path, _) = writeRandomFile(in: dir, "blob", size: 300_000)
    let requests = [
      HTTPRequest(method: "PUT", url: server.baseURL + "/blob", body: .file(path: path, size: 300_000, contentType: "application/zip", verifier: nil)),
      HTTPRequest(method: "DELETE", url: server.baseURL + "/blob"),
      HTTPRequest(method: "PATCH", url: server.baseURL + "/blob", body: .bytes(Array("{}".utf8), contentType: "application/json")),
    ]
    for request in requests {
      #expect {
        try client.send(request)
      } throws: { error in
        guard case .status(let status) = error as? HTTPError else { return false }
        return status.kind == .notFound && status.detail == "Not Found"
      }
    }
    let logged = server.requests(path: "/blob", atLeast: 3)
    #expect(logged.map { $0["method"] as? String } == ["PUT", "DELETE", "PATCH"])
    #expect(logged.map { $0["bytes_received"] as? Int } == [300_000, 0, 2])
  }

  @Test func controlEndpointsQueueFaultsAndReportState() throws {
    let server = try BackendServer()
    let client = try fastClient()
    let queued = try client.send(
      HTTPRequest(
        method: "POST", url: server.baseURL + "/_control/faults",
        body: .bytes(Array(#"{"faults": ["500", "bad-checksum"]}"#.utf8), contentType: "application/json")))
    #expect(jsonObject(queued.body)["faults"] as? [String] == ["500", "bad-checksum"])
    let state = try client.send(HTTPRequest(url: server.baseURL + "/_control/state"))
    #expect(jsonObject(state.body)["faults"] as? [String] == ["500", "bad-checksum"])
    #expect((jsonObject(state.body)["releases"] as? [Any])?.isEmpty == true)
  }
}
