import Pipeline

/// A virtual environment that could not be made or filled; ``details`` is what the tool
/// printed.
public struct EnvironmentBuildFailure: DetailedError {
  public let description: String
  public let details: String
}
