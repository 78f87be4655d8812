import Pipeline

/// `synapse plugin validate`: the build graph up to the validate stage.
public struct PluginValidation: Sendable {
  public let location: PluginLocation

  public init(location: PluginLocation) {
    self.location = location
  }

  public func run(cache: CacheDirectory, jobs: Int, remote: (any RemoteCache)? = nil) throws -> BuildReport {
    let build = PluginBuild(location: location, sourceDateEpoch: nil)
    return try Engine(cache: cache, workspace: location.directory, remote: remote)
      .build(try build.graph(), targets: [ValidateStage.stageName], jobs: jobs)
  }
}
