import ArgumentParser
import HTTP
import Stages

/// Network options shared by the commands that talk to a backend.
struct HTTPOptions: ParsableArguments {
  @Option(
    name: .customLong("ca-cert"),
    help: ArgumentHelp(
      "CA certificates (PEM) to trust for a private backend (default: $SSL_CERT_FILE, else the system's). "
        + "Certificates are always verified.", valueName: "file"))
  var caCertificate: String?

  @Option(
    name: .customLong("connect-timeout"),
    help: ArgumentHelp("Seconds to wait for a connection.", valueName: "seconds"))
  var connectTimeout: Double = 10

  @Option(
    help: ArgumentHelp(
      "Seconds one attempt may take in all (default: no limit; a transfer that stalls for 30 s is abandoned).",
      valueName: "seconds"))
  var timeout: Double?

  @Option(help: ArgumentHelp("Retries after a refused connection or a 429/502/503/504 reply.", valueName: "n"))
  var retries: Int = 3

  func validate() throws {
    if connectTimeout <= 0 { throw ValidationError("--connect-timeout must be more than 0") }
    if let timeout, timeout <= 0 { throw ValidationError("--timeout must be more than 0") }
    if retries < 0 { throw ValidationError("--retries must be 0 or more") }
  }

  var configuration: HTTPConfiguration {
    var configuration = HTTPConfiguration()
    configuration.connectTimeout = connectTimeout
    configuration.timeout = timeout
    if let timeout { configuration.stallTimeout = min(configuration.stallTimeout, max(1, timeout)) }
    configuration.maxRetries = retries
    configuration.userAgent = "synapse/\(SynapseVersion.current)"
    let fromEnvironment = CacheLocation.environment("SSL_CERT_FILE").flatMap { $0.isEmpty ? nil : $0 }
    configuration.caCertificateFile = caCertificate ?? fromEnvironment
    return configuration
  }
}
