import Foundation

/// A self-signed certificate for 127.0.0.1, made with the openssl command line, for tests
/// that run the test backend over TLS.
public enum SelfSignedCertificate {
  /// Writes `cert.pem` and `key.pem` into `directory` and returns their paths.
  public static func make(in directory: TemporaryDirectory) throws -> (certificate: String, key: String) {
    let certificate = directory.url("cert.pem")
    let key = directory.url("key.pem")
    _ = try ProcessRunner.output(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
      ])
    return (certificate, key)
  }
}
