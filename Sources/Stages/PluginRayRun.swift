import Glibc
import Hashing
import Pipeline

/// `plugin run --mode job|task`: the build's archive and the runtime shipped to a Ray
/// cluster as content-addressed packages, then the job submitted.
///
/// The archive is the one `synapse build` makes (same stages, same keys), so a built plugin
/// is not rebuilt, and its package name is its SHA-256: an unchanged plugin is already on
/// the cluster and nothing is uploaded. A package is always asked for before it is sent;
/// the question also pins it on the cluster for ten minutes, so it cannot be collected
/// between the check and the submission.
public struct PluginRayRun: Sendable {
  public let location: PluginLocation
  public let action: String
  public let paramsJSON: String
  public let mode: RayJobSpec.Mode
  public let cpus: Double?
  public let gpus: Double?
  /// Given with `--job-id`; otherwise one is made up.
  public let submissionID: String?
  public let extraEnv: [(key: String, value: String)]

  public init(
    location: PluginLocation, action: String, paramsJSON: String, mode: RayJobSpec.Mode, cpus: Double?, gpus: Double?,
    submissionID: String?, extraEnv: [(key: String, value: String)]
  ) {
    self.location = location
    self.action = action
    self.paramsJSON = paramsJSON
    self.mode = mode
    self.cpus = cpus
    self.gpus = gpus
    self.submissionID = submissionID
    self.extraEnv = extraEnv
  }

  /// The build that produces the archive (validation included: an invalid plugin is not
  /// sent to a cluster).
  public func build(cache: CacheDirectory, jobs: Int) throws -> (BuildReport, PluginBuild.Artifact?) {
    let build = PluginBuild(
      location: location, sourceDateEpoch: CacheLocation.environment("SOURCE_DATE_EPOCH"),
      provenance: GitProvenance.begin(location.directory, checkDirty: false)?.known)
    let report = try Engine(cache: cache, workspace: location.directory)
      .build(try build.graph(), targets: [ConfigStage.stageName, ChecksumStage.stageName], jobs: jobs)
    return (report, build.artifact(from: report, cache: cache))
  }

  /// What a submission did.
  public struct Submission: Sendable {
    public let id: String
    /// Bytes sent to the cluster as packages (0 when both were there already).
    public let uploadedBytes: Int64
    public let uploadedPackages: [String]
    public let spec: RayJobSpec
  }

  /// Uploads what the cluster lacks and submits the job.
  public func submit(artifact: PluginBuild.Artifact, cache: CacheDirectory, dashboard: RayDashboard) throws
    -> Submission
  {
    let config = try RayJobConfig.read(location, action: action)
    let settings = EnvironmentSettings.read(location)
    if let problem = settings.problem { throw StagesError.stageFailed(problem) }
    let runtime = try PythonRuntime.package(in: cache)
    let archiveName = "_ray_pkg_" + artifact.checksum.sha256.prefix(40) + ".zip"
    var archiveInfo = stat()
    guard stat(artifact.archivePath, &archiveInfo) == 0 else { throw SystemError("stat", artifact.archivePath) }

    var uploaded: Int64 = 0
    var names: [String] = []
    let packages: [(name: String, path: String, size: Int64, sha256: String?)] = [
      (runtime.rayName, runtime.path, runtime.size, nil),
      (archiveName, artifact.archivePath, Int64(archiveInfo.st_size), artifact.checksum.sha256),
    ]
    for package in packages {
      guard package.size <= 100 << 20 else {
        throw RayError.packageTooLarge(name: package.name, size: package.size, path: package.path)
      }
      if try !dashboard.packageExists(package.name) {
        try upload(package, to: dashboard, cache: cache)
        uploaded += package.size
        names.append(package.name)
      }
    }

    let requirementsPath = FilePath.join(location.directory, "requirements.txt")
    let requirements = try FileSystem.readFileIfPresent(requirementsPath).map { String(decoding: $0, as: UTF8.self) }
    let spec = RayJobSpec(
      mode: mode, submissionID: submissionID ?? Self.makeID(code: artifact.header.code, action: action),
      header: artifact.header, action: action, paramsJSON: paramsJSON, workingDirPackage: archiveName,
      runtimePackage: runtime.rayName, archiveSHA256: artifact.checksum.sha256, cpus: cpus, gpus: gpus, config: config,
      requirements: requirements, wheels: try wheels(settings.wheelsDirectory),
      packageManager: settings.packageManager, packageManagerOptions: settings.packageManagerOptions,
      extraEnv: extraEnv)
    let id = try dashboard.submit(try spec.request())
    return Submission(id: id, uploadedBytes: uploaded, uploadedPackages: names, spec: spec)
  }

  /// Sends one package, hashed as it is read when its digest is known. A cached archive that
  /// does not match (damage its stat did not show) is removed, so the next build writes it
  /// again.
  private func upload(
    _ package: (name: String, path: String, size: Int64, sha256: String?), to dashboard: RayDashboard,
    cache: CacheDirectory
  ) throws {
    let result: Result<Void, RayError>
    do throws(RayError) {
      try dashboard.uploadPackage(package.name, file: package.path, size: package.size, sha256: package.sha256)
      result = .success(())
    } catch {
      result = .failure(error)
    }
    guard case .failure(let error) = result else { return }
    guard case .packageDamaged(let name, let reason) = error, let digest = package.sha256.flatMap(Digest.init(hex:))
    else { throw error }
    cache.content.discard(digest)
    throw RayError.packageDamaged(
      name: name, reason: "the cached archive \(reason); it was removed from the cache, so a new build writes it again")
  }

  /// `.whl` files in the wheels directory, relative to the plugin, sorted.
  func wheels(_ directory: String) throws -> [String] {
    let path = FilePath.join(location.directory, directory)
    guard let entries = try? FileSystem.listDirectory(path) else { return [] }
    return entries.map { String(decoding: $0, as: UTF8.self) }.filter { $0.hasSuffix(".whl") }.sorted()
      .map { directory + "/" + $0 }
  }

  /// `synapse-<code>-<action>-<12 hex digits>`: readable in Ray's dashboard, and the prefix
  /// tells `plugin job` commands the id is a Ray job's.
  static func makeID(code: String, action: String) -> String {
    let hex = String(UInt64.random(in: 0...0xFFFF_FFFF_FFFF), radix: 16)
    let action = String(action.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    return "\(idPrefix)\(code)-\(action)-" + String(repeating: "0", count: 12 - hex.count) + hex
  }

  public static let idPrefix = "synapse-"
}
