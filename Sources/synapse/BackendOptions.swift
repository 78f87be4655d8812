import ArgumentParser
import Stages

/// Where the Synapse backend is and the token for it; what publish, remote runs and the job
/// commands share.
struct BackendOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Backend URL (default: $SYNAPSE_HOST, else the saved host).", valueName: "url"))
  var host: String?

  @Option(
    name: [.short, .customLong("token")],
    help: ArgumentHelp("Access token (default: $SYNAPSE_ACCESS_TOKEN, else the saved token).", valueName: "token"))
  var token: String?

  /// Flags, then the environment, then `~/.synapse/config.json`.
  func credentials(file: CredentialsFile = .standard()) -> BackendCredentials {
    BackendCredentials.resolve(host: host, token: token, file: file)
  }
}
