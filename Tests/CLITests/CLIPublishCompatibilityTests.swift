import Foundation
import TestSupport
import Testing

/// Our publish request against upstream's: the captured request
/// (`publish-request-hello-custom.http`) and the `config` JSON upstream sent for each pristine
/// plugin (`publish-config/`).
@Suite(.enabled(if: Fixtures.hasUpstream)) struct CLIPublishCompatibilityTests {
  let fixture = CLIFixture()
  let home = TemporaryDirectory("home")

  func pristine(_ code: String) throws -> String {
    let path = fixture.scratch.url(code)
    try Fixtures.copyTree(Fixtures.upstream! + "/pristine/synapse-\(code)-plugin", to: path)
    return path
  }

  /// The differences we keep on purpose, applied to our JSON before comparing:
  /// - yolov8 `deployment`: upstream sent no hyperparameters because importing
  ///   plugin/deployment.py failed on the recording machine (it imports fastapi through
  ///   plugin/inference.py); its params model has two fields, which we send.
  static let knownDifferences = """
    if code == "yolov8":
        ours["actions"]["deployment"].pop("hyperparameters")
    """

  @Test(arguments: ["coco-export", "hello-custom", "s3-upload", "yolov8"])
  func configJSONMatchesWhatUpstreamSent(code: String) throws {
    let plugin = try pristine(code)
    let result = fixture.synapse(
      ["plugin", "publish", "-p", plugin, "--dry-run", "--json"], environment: ["HOME": home.path])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let ours = try #require(object["config"] as? String)
    fixture.scratch.write("ours.json", ours)
    // Python compares with key order (json.dumps of both), as the backend's parser sees them.
    let script = """
      import json, sys
      code = sys.argv[1]
      ours = json.load(open(sys.argv[2]))
      theirs = json.load(open(sys.argv[3]))
      \(Self.knownDifferences)
      a, b = json.dumps(ours, indent=1), json.dumps(theirs, indent=1)
      if a != b:
          import difflib
          sys.stdout.write("".join(difflib.unified_diff(b.splitlines(True), a.splitlines(True), "upstream", "ours")))
          sys.exit(1)
      """
    let compare = ProcessRunner.run(
      "python3",
      ["-c", script, code, fixture.scratch.url("ours.json"), Fixtures.upstream! + "/publish-config/\(code).config.json"])
    #expect(compare.status == 0, "\(compare.stdout)\(compare.stderr)")
  }

  /// The parts of a captured multipart request: its header lines (the capture writes them
  /// with LF), then each part's header lines and body (CRLF, as sent).
  static func parts(of request: String) -> (headers: [String], parts: [(headers: [String], body: String)]) {
    let head = request.components(separatedBy: "\n\n")[0]
    let headerLines = head.components(separatedBy: "\n")
    let boundaryLine = headerLines.first { $0.hasPrefix("Content-Type: multipart/form-data; boundary=") } ?? ""
    let boundary = "--" + (boundaryLine.components(separatedBy: "boundary=").last ?? "")
    let body = String(request.dropFirst(head.count + 2))
    var parts: [(headers: [String], body: String)] = []
    for chunk in body.components(separatedBy: boundary + "\r\n").dropFirst() {
      let split = chunk.components(separatedBy: "\r\n\r\n")
      let content = split.dropFirst().joined(separator: "\r\n\r\n")
      // "\r\n" is one Character in Swift: dropping one drops the line ending.
      parts.append((split[0].components(separatedBy: "\r\n"), content.hasSuffix("\r\n") ? String(content.dropLast()) : content))
    }
    return (headerLines, parts)
  }

  @Test func requestMatchesTheCapturedUpstreamRequest() throws {
    let captured = try #require(
      FileManager.default.contents(atPath: Fixtures.upstream! + "/publish-request-hello-custom.http"))
    // The zip's bytes are masked to ASCII; only the text parts are compared.
    let (capturedHeaders, capturedParts) = Self.parts(of: String(decoding: captured.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }, as: UTF8.self))
    let server = try BackendServer(token: "tok123")
    let plugin = try pristine("hello-custom")
    let result = fixture.synapse(
      ["plugin", "publish", "-p", plugin, "-y"],
      environment: ["HOME": home.path, "SYNAPSE_HOST": server.baseURL, "SYNAPSE_ACCESS_TOKEN": "tok123"])
    #expect(result.status == 0, "\(result.stderr)")
    let release = try #require(server.releases().first)
    try #require(capturedParts.count == 5)

    // Same fields in the same order, with the same part headers (the file part without a
    // Content-Type, named plugin.zip).
    let ourPartHeaders = try #require(release["part_headers"] as? [[String]])
    #expect(ourPartHeaders == capturedParts.map(\.headers))
    // Same authentication header and form.
    #expect(capturedHeaders.contains("Synapse-Access-Token: Token tok123"))
    let requestHeaders = try #require(release["request_headers"] as? [[String]])
    #expect(requestHeaders.contains(["Synapse-Access-Token", "Token <redacted>"]))
    #expect(release["auth"] as? String == "Synapse-Access-Token")
    // The same config JSON, byte for byte, and the same debug spelling.
    let capturedConfig = capturedParts.first { $0.headers[0].contains(#"name="config""#) }?.body
    let ourConfig = try #require(release["config"] as? [String: Any])
    #expect(ourConfig["code"] as? String == "hello-custom")
    let dryRun = fixture.synapse(
      ["plugin", "publish", "-p", plugin, "--dry-run", "--json"], environment: ["HOME": home.path])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(dryRun.stdout.utf8)) as? [String: Any])
    #expect(object["config"] as? String == capturedConfig)
    #expect(release["debug"] as? String == capturedParts.first { $0.headers[0].contains(#"name="debug""#) }?.body)
  }
}
