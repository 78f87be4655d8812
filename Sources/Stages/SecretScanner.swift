import Pipeline

/// Recognises files that are likely credentials by their name and place, so they are never
/// shipped in an archive by accident. What a file holds is ``SecretContentScanner``'s part.
///
/// The rules are about names tools give their credential stores (`.netrc`, `.kube/config`,
/// `terraform.tfstate`), not about words: `config.py` or `token_utils.py` are ordinary
/// source. Public halves and examples (`id_rsa.pub`, `.env.example`) are not secrets.
public enum SecretScanner {
  /// Why `path` (relative to the plugin, `/`-separated) looks like a secret, or nil.
  public static func reason(for path: String) -> String? {
    let lower = path.lowercased()
    let name = FilePath.lastComponent(of: lower)
    if isEnvironmentFile(name) { return "environment file (usually holds tokens and passwords)" }
    if isPrivateKeyName(name) { return "SSH private key" }
    for ext in keyExtensions where name.hasSuffix(ext) { return "private key or certificate store (\(ext))" }
    if credentialNames.contains(name) { return "credentials file" }
    if let tool = cloudCredentialNames[name] { return "\(tool) credentials file" }
    for (suffix, tool) in credentialPaths where lower == suffix || lower.hasSuffix("/" + suffix) {
      return "\(tool) credentials file"
    }
    if name.hasSuffix(".tfstate") || name.hasSuffix(".tfstate.backup") {
      return "Terraform state (holds resource secrets in plain text)"
    }
    return nil
  }

  /// `.env`, `.env.production`, `.env-local`, `.env_prod`, `.envrc`, `prod.env`; not the
  /// documented templates (`.env.example`, `example.env`).
  static func isEnvironmentFile(_ name: String) -> Bool {
    if name == ".env" || name == ".envrc" { return true }
    for separator in [".", "-", "_"] where name.hasPrefix(".env" + separator) {
      return !safeEnvSuffixes.contains(String(name.dropFirst(5)))
    }
    if name.hasSuffix(".env"), name.count > 4 {
      let stem = name.dropLast(4)
      return !safeEnvSuffixes.contains(String(stem.hasPrefix(".") ? stem.dropFirst() : stem))
    }
    return false
  }

  /// `id_rsa` and its copies (`id_rsa.bak`, `id_ed25519_work`, `id_rsa~`), not the public
  /// halves (`id_rsa.pub`, `id_ed25519-cert.pub`).
  static func isPrivateKeyName(_ name: String) -> Bool {
    privateKeyNames.contains { name.hasPrefix($0) } && !name.hasSuffix(".pub")
  }

  static let safeEnvSuffixes: Set<String> = ["example", "sample", "template", "dist", "defaults"]
  static let privateKeyNames = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]
  static let keyExtensions = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk"]
  static let credentialNames: Set<String> = [
    ".netrc", "_netrc", ".pgpass", ".pypirc", ".npmrc", ".git-credentials", ".htpasswd", ".dockercfg",
  ]
  /// Files that are credentials wherever they are, by the tool that writes them.
  static let cloudCredentialNames: [String: String] = [
    "credentials": "cloud", ".s3cfg": "S3 (s3cmd)", ".boto": "AWS/GCS (boto)",
    "application_default_credentials.json": "Google Cloud", "credentials.db": "Google Cloud",
    "access_tokens.db": "Google Cloud", "accesstokens.json": "Azure", "msal_token_cache.json": "Azure",
    "msal_token_cache.bin": "Azure",
  ]
  /// Files that are credentials in their tool's directory (lower-cased path suffixes).
  static let credentialPaths: [(String, String)] = [
    (".docker/config.json", "Docker registry"), (".kube/config", "Kubernetes"),
    (".config/gcloud/legacy_credentials", "Google Cloud"),
  ]
}
