import ArgumentParser
import Stages
import YAML

/// `synapse login`: saves the backend host and access token to ~/.synapse/config.json.
struct LoginCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "login",
    abstract: "Save the backend host and access token for publish and remote runs.",
    discussion: """
      Writes `host` and `access_token` into ~/.synapse/config.json (mode 0600), keeping every \
      other key of the file. Nothing is sent to the backend.

      Without -t the token is read from standard input: typed at a hidden prompt on a \
      terminal, or the first line of piped input (printf '%s\\n' "$TOKEN" | synapse login). \
      The token is never printed. Without --host, the host already saved is kept (or asked \
      for on a terminal); the default is \(BackendCredentials.defaultHost).
      """)

  @Option(help: ArgumentHelp("Backend URL, e.g. https://api.synapse.sh.", valueName: "url"))
  var host: String?

  @Option(
    name: [.short, .customLong("token")],
    help: ArgumentHelp(
      "Access token (visible in shell history and ps: prefer the prompt or stdin).", valueName: "token"))
  var token: String?

  func run() throws {
    let file = CredentialsFile.standard()
    do {
      try save(to: file)
    } catch {
      throw CommandFailure(error)
    }
    Terminal.standardOutput.write("Logged in successfully!\nCredentials saved to \(file.path)\n")
  }

  private func save(to file: CredentialsFile) throws(PublishError) {
    // Read first: a file that cannot be parsed is reported before any question is asked.
    let existing = try file.load()
    let host = try resolveHost(saved: existing.first { $0.key == "host" }?.value)
    let token = try resolveToken()
    try file.update([("host", .string(host)), ("access_token", .string(token))])
  }

  private func resolveHost(saved: YAMLValue?) throws(PublishError) -> String {
    var fallback = BackendCredentials.defaultHost
    if case .string(let text)? = saved, !text.isEmpty { fallback = text }
    var host = host ?? fallback
    if self.host == nil, Prompt.isInteractive, let answer = Prompt.ask("Synapse API host [\(fallback)]: ") {
      let trimmed = answer.trimmingWhitespace()
      if !trimmed.isEmpty { host = trimmed }
    }
    guard Self.isHTTPURL(host) else { throw .invalidHost(BackendCredentials(host: host, accessToken: nil).displayHost) }
    return BackendCredentials.normalizedHost(host)
  }

  private func resolveToken() throws(PublishError) -> String {
    let value: String?
    if let token {
      value = token
    } else if Prompt.isInteractive {
      value = Prompt.askHidden("Enter your Synapse access token: ")
    } else {
      value = readLine(strippingNewline: true)
    }
    let token = (value ?? "").trimmingWhitespace()
    guard !token.isEmpty else { throw .invalidToken("no access token given") }
    guard !token.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true })
    else { throw .invalidToken("the access token contains spaces or control characters") }
    return token
  }

  static func isHTTPURL(_ text: String) -> Bool {
    for scheme in ["http://", "https://"] where text.lowercased().hasPrefix(scheme) {
      let rest = text.dropFirst(scheme.count)
      return !rest.isEmpty && !rest.hasPrefix("/") && !rest.contains(where: \.isWhitespace)
    }
    return false
  }
}
