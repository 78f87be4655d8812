import FoundationEssentials
import Glibc
import HTTP
import Pipeline

/// What a publish is about to send, shown before asking for confirmation.
public struct PublishPlan: Sendable {
  public let header: PluginHeader
  public let checksum: ArchiveChecksum
  public let fileCount: Int
  public let host: String
}

/// The CLI's part in an upload: confirmation and progress, which depend on the terminal.
public struct PublishHooks: Sendable {
  /// Asked once, after the incremental check and before anything is sent.
  public var confirm: @Sendable (PublishPlan) -> Bool
  public var observer: (any HTTPTransferObserver)?

  public init(confirm: @escaping @Sendable (PublishPlan) -> Bool = { _ in true }, observer: (any HTTPTransferObserver)?)
  {
    self.confirm = confirm
    self.observer = observer
  }
}

/// Sends the archive to the backend: the one stage that is never cached, because its effect
/// is on the backend. It is still incremental: the ledger of this machine's publishes skips a
/// release that is already there and refuses a different archive under a published version.
///
/// Outputs: `status` (`published`, `up-to-date` or `cancelled`), `release` (the id) and, when
/// sent, `response` (the backend's JSON).
public struct UploadStage: Stage {
  public static let stageName = "upload"

  public let credentials: BackendCredentials
  public let debug: Bool
  public let force: Bool
  public let http: HTTPConfiguration
  public let ledger: PublishLedger
  public let hooks: PublishHooks

  public init(
    credentials: BackendCredentials, debug: Bool, force: Bool, http: HTTPConfiguration, ledger: PublishLedger,
    hooks: PublishHooks
  ) {
    self.credentials = credentials
    self.debug = debug
    self.force = force
    self.http = http
    self.ledger = ledger
    self.hooks = hooks
  }

  public var name: String { Self.stageName }
  public var version: Int { 1 }
  public var isCacheable: Bool { false }
  public var inputs: [StageInput] {
    [
      .stage(ConfigStage.stageName), .stage(ArchiveStage.stageName), .stage(ChecksumStage.stageName),
      .stage(ReleaseConfigStage.stageName), .value(name: "host", value: credentials.displayHost),
      .value(name: "debug", value: String(debug)), .value(name: "force", value: String(force)),
      .secret(name: "credentials", value: ([credentials.host] + credentials.secrets).joined(separator: "\n")),
    ]
  }

  public func run(_ context: StageContext) throws {
    guard let headerText = try context.outputs(of: ConfigStage.stageName).text("header"),
      let header = PluginHeader.fromJSON(headerText)
    else { throw PipelineError.missingOutput(stage: ConfigStage.stageName, output: "header") }
    guard let checksumText = try context.outputs(of: ChecksumStage.stageName).text("checksum"),
      let checksum = try? JSONDecoder().decode(ArchiveChecksum.self, from: Data(checksumText.utf8))
    else { throw PipelineError.missingOutput(stage: ChecksumStage.stageName, output: "checksum") }
    guard let config = try context.outputs(of: ReleaseConfigStage.stageName).text("config") else {
      throw PipelineError.missingOutput(stage: ReleaseConfigStage.stageName, output: "config")
    }
    let fileCount = try context.outputs(of: ArchiveStage.stageName).text("files").flatMap { Int($0) } ?? 0

    // Records are keyed by the host as shown: never its user information or query.
    if let record = ledger.record(host: credentials.displayHost, plugin: header.code, version: header.version) {
      if record.sha256 == checksum.sha256 {
        context.setText("status", "up-to-date")
        context.setText("release", record.releaseID.map(String.init) ?? "")
        return
      }
      if !force {
        throw PublishError.versionAlreadyPublished(
          code: header.code, version: header.version, host: credentials.displayHost, detail: nil)
      }
    }
    let plan = PublishPlan(header: header, checksum: checksum, fileCount: fileCount, host: credentials.displayHost)
    guard hooks.confirm(plan) else {
      context.setText("status", "cancelled")
      return
    }

    let client = try BackendClient(credentials: credentials, configuration: http)
    let release = try client.publishRelease(
      plugin: header.code, version: header.version, config: config, debug: debug,
      archivePath: try context.blobPath(ArchiveStage.stageName, "archive"), size: Int64(checksum.size),
      sha256: checksum.sha256, observer: hooks.observer)
    context.setText("response", release.body)
    if let received = release.checksum?.lowercased() {
      let expected = received.count == 64 ? checksum.sha256 : checksum.md5
      if received.count == 32 || received.count == 64, received != expected {
        throw PublishError.checksumMismatch(expected: expected, received: received)
      }
    }
    context.setText("status", "published")
    context.setText("release", release.id.map(String.init) ?? "")
    try ledger.add(
      PublishRecord(
        host: credentials.displayHost, plugin: header.code, version: header.version, sha256: checksum.sha256,
        md5: checksum.md5, size: checksum.size, releaseID: release.id, publishedAt: Int(time(nil))))
  }
}
