import Pipeline

/// Recognises files that are likely credentials, so they are never shipped in an archive by
/// accident. Names decide; content is sniffed only for small JSON files (cloud keys).
public enum SecretScanner {
  /// Why `path` (relative to the plugin) looks like a secret, or nil.
  public static func reason(for path: String, absolutePath: String, size: Int) -> String? {
    let name = FilePath.lastComponent(of: path)
    let lower = name.lowercased()
    if lower == ".env" || (lower.hasPrefix(".env.") && !safeEnvSuffixes.contains(String(lower.dropFirst(5)))) {
      return "environment file (usually holds tokens and passwords)"
    }
    if privateKeyNames.contains(lower) { return "SSH private key" }
    for ext in keyExtensions where lower.hasSuffix(ext) { return "private key or certificate store (\(ext))" }
    if credentialNames.contains(lower) { return "credentials file" }
    if lower == "credentials" || path.hasSuffix(".aws/credentials") { return "cloud credentials file" }
    if lower.hasSuffix(".json"), size < 64 * 1024,
      let bytes = try? FileSystem.readFile(absolutePath)
    {
      let text = String(decoding: bytes, as: UTF8.self)
      if text.contains("\"private_key\"") && text.contains("PRIVATE KEY") {
        return "service-account key (JSON with a private_key)"
      }
    }
    return nil
  }

  static let safeEnvSuffixes: Set<String> = ["example", "sample", "template", "dist", "defaults"]
  static let privateKeyNames: Set<String> = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]
  static let keyExtensions = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk"]
  static let credentialNames: Set<String> = [".netrc", ".pgpass", ".pypirc", ".npmrc", ".git-credentials"]
}
