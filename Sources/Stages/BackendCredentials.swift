import HTTP
import YAML

/// Where the backend is and how to authenticate to it, resolved as upstream resolves them
/// for publish, remote runs and job commands.
///
/// Resolution, per value: the flag, then the environment (`SYNAPSE_HOST`,
/// `SYNAPSE_ACCESS_TOKEN`, `SYNAPSE_PLUGIN_RUN_USER_TOKEN`, `SYNAPSE_PLUGIN_RUN_TENANT`), then
/// `~/.synapse/config.json`, then (for the host) `https://api.synapse.sh`.
///
/// One deliberate difference: upstream sends a user token (`Authorization: Token …`) even when
/// `--token` names an access token, silently ignoring the flag. Here an explicit `--token`
/// wins, because a flag typed on the command line is the user's most specific instruction.
public struct BackendCredentials: Sendable, Equatable {
  public static let defaultHost = "https://api.synapse.sh"

  /// The base URL, without a trailing slash.
  public var host: String
  public var accessToken: String?
  public var userToken: String?
  public var tenant: String?
  /// True when `--token` was given (it then wins over a user token).
  var tokenFromFlag = false

  public init(host: String, accessToken: String?, userToken: String? = nil, tenant: String? = nil) {
    self.host = Self.normalizedHost(host)
    self.accessToken = accessToken
    self.userToken = userToken
    self.tenant = tenant
  }

  /// Resolves every value; `environment` is a lookup so tests need not touch the process's.
  public static func resolve(
    host hostFlag: String?, token tokenFlag: String?, file: CredentialsFile,
    environment: (String) -> String? = CacheLocation.environment
  ) -> BackendCredentials {
    func env(_ name: String) -> String? { environment(name).flatMap { $0.isEmpty ? nil : $0 } }
    func flag(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
    // Read lazily: a command whose flags and environment say everything never reads the file.
    var fileEntries: [(key: String, value: YAMLValue)]?
    func fromFile(_ key: String) -> String? {
      if fileEntries == nil { fileEntries = file.loadIgnoringErrors() }
      return fileEntries?.string(key)
    }
    let host = flag(hostFlag) ?? env("SYNAPSE_HOST") ?? fromFile("host") ?? defaultHost
    let token = flag(tokenFlag) ?? env("SYNAPSE_ACCESS_TOKEN") ?? fromFile("access_token")
    let userToken = env("SYNAPSE_PLUGIN_RUN_USER_TOKEN") ?? fromFile("user_token")
    let tenant = env("SYNAPSE_PLUGIN_RUN_TENANT") ?? fromFile("tenant")
    var credentials = BackendCredentials(host: host, accessToken: token, userToken: userToken, tenant: tenant)
    credentials.tokenFromFlag = flag(tokenFlag) != nil
    return credentials
  }

  public var isAuthenticated: Bool { accessToken != nil || userToken != nil }

  /// Fails the way upstream does when there is nothing to authenticate with.
  public func requireAuthentication() throws(PublishError) {
    guard isAuthenticated else { throw .notAuthenticated }
  }

  /// The authentication headers, in upstream's form: a user token as
  /// `Authorization: Token <t>`, otherwise `Synapse-Access-Token: Token <t>`, plus
  /// `Synapse-Tenant: Token <tenant>` when a tenant is set.
  public var headers: [(name: String, value: String)] {
    var headers: [(name: String, value: String)] = []
    if let userToken, !(tokenFromFlag && accessToken != nil) {
      headers.append(("Authorization", "Token " + userToken))
    } else if let accessToken {
      headers.append(("Synapse-Access-Token", "Token " + accessToken))
    }
    if let tenant { headers.append(("Synapse-Tenant", "Token " + tenant)) }
    return headers
  }

  /// Every secret value, for scrubbing anything that might echo one back: the tokens, and
  /// the host's user information and query values.
  public var secrets: [String] { [accessToken, userToken, tenant].compactMap { $0 } + baseURL.secrets }

  /// The host split at its query, so request paths join before it.
  public var baseURL: BaseURL { BaseURL(host) }

  /// How the host is shown (messages, `--json`) and recorded (``PublishLedger``): without
  /// user information, query or fragment.
  public var displayHost: String { baseURL.redacted }

  /// The URL of a backend path (`plugin_releases/`), before the host's query.
  public func url(_ path: String) -> String { baseURL.appending(path) }

  /// Hosts compare and join without a trailing slash, as upstream's client strips it.
  public static func normalizedHost(_ host: String) -> String {
    var host = host
    while host.hasSuffix("/") { host.removeLast() }
    return host
  }
}
