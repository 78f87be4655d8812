import ArgumentParser
import Stages

/// How to reach a Ray cluster: the dashboard's address and, with token auth, the token.
struct RayOptions: ParsableArguments {
  @Option(
    name: .customLong("ray-address"),
    help: ArgumentHelp(
      "The Ray dashboard's URL (default: $RAY_ADDRESS, else http://127.0.0.1:8265).", valueName: "url"))
  var address: String?

  @Option(
    name: .customLong("ray-token"),
    help: ArgumentHelp(
      "Token for a cluster started with RAY_AUTH_MODE=token (default: $RAY_AUTH_TOKEN).", valueName: "token"))
  var token: String?

  /// The Jobs API client; a bad address is a usage error.
  func dashboard(_ http: HTTPOptions) throws -> RayDashboard {
    do {
      return try RayDashboard(
        address: try RayAddress.resolve(flag: address), token: RayDashboard.token(flag: token),
        configuration: http.configuration)
    } catch {
      throw CommandFailure(error)
    }
  }
}
