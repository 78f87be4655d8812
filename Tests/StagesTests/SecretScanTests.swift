import Foundation
import Hashing
import Pipeline
@testable import Stages
import TestSupport
import Testing

/// The secret check as a matrix: every credential shape below must stop the build, every
/// look-alike in the second list must not.
@Suite struct SecretScanTests {
  /// A deterministic base64-looking body (not a real key), `lines` lines of 64 characters.
  static func body(_ seed: Int, lines: Int = 4) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var state = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1
    var out: [String] = []
    for _ in 0..<lines {
      var line = ""
      for _ in 0..<64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        line.append(alphabet[Int(state >> 58)])
      }
      out.append(line)
    }
    return out.joined(separator: "\n")
  }

  /// A token of `count` characters mixing cases and digits.
  static func token(_ count: Int, seed: Int = 7) -> String {
    String(body(seed, lines: count / 64 + 1).filter { $0.isLetter || $0.isNumber }.prefix(count - 3)) + "aZ9"
  }

  static let pem = "-----BEGIN RSA PRIVATE KEY-----\n\(body(1))\n-----END RSA PRIVATE KEY-----\n"

  /// Path → content of each secret variant.
  static let secrets: [(String, String)] = [
    (".envrc", "export API_TOKEN=abc\n"),
    (".env-local", "TOKEN=abc\n"),
    ("prod.env", "DB_PASSWORD=abc\n"),
    ("keys/id_rsa.bak", "anything\n"),
    ("deploy_key", "-----BEGIN OPENSSH PRIVATE KEY-----\n\(body(2))\n-----END OPENSSH PRIVATE KEY-----\n"),
    ("notes.txt", "the staging key:\n\n" + pem),
    ("plugin/keys.py", "KEY = \"\"\"\(pem)\"\"\"\n"),
    ("secret.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n\(body(3))\n-----END PGP PRIVATE KEY BLOCK-----\n"),
    ("_netrc", "machine example.com login me password pw\n"),
    (".docker/config.json", #"{"auths": {"registry.example.com": {"auth": "bWU6cHc="}}}"#),
    (".dockercfg", #"{"registry.example.com": {"auth": "bWU6cHc="}}"#),
    (".aws/config", "[default]\nregion = eu-west-1\naws_secret_access_key = \(token(40, seed: 4))\n"),
    (".s3cfg", "[default]\naccess_key = x\n"),
    (".boto", "[Credentials]\ngs_access_key_id = x\n"),
    (".config/gcloud/application_default_credentials.json", #"{"type": "authorized_user", "refresh_token": "x"}"#),
    (".azure/accessTokens.json", #"[{"accessToken": "x"}]"#),
    (".kube/config", "apiVersion: v1\nkind: Config\nusers:\n- name: me\n  user:\n    token: x\n"),
    ("infra/terraform.tfstate", #"{"version": 4, "resources": []}"#),
    (".htpasswd", "me:$apr1$abc$def\n"),
    ("plugin/aws.py", "ACCESS_KEY = \"AKIA\(String(token(40, seed: 5).uppercased().filter { $0.isLetter || $0.isNumber }.prefix(16)))\"\nSECRET_KEY = \"\(token(40, seed: 6))\"\n"),
    ("plugin/gh.py", "GITHUB = 'ghp_\(token(36, seed: 8))'\n"),
    ("plugin/slack.py", "SLACK = \"xoxb-123456789012-1234567890123-\(token(24, seed: 9))\"\n"),
    ("plugin/llm.py", "client = OpenAI(api_key=\"sk-\(token(48, seed: 10))\")\n"),
    ("plugin/llm_project.py", "KEY = 'sk-proj-\(token(64, seed: 11))'\n"),
    (".env.production", "TOKEN=x\n"),
    ("certs/server.pem", "p\n"),
    ("gcp.json", #"{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\n"}"#),
  ]

  /// Files that look a little like secrets and are not.
  static let lookAlikes: [(String, String)] = [
    (".env.example", "TOKEN=\n"),
    ("example.env", "TOKEN=\n"),
    ("keys/id_rsa.pub", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC\(token(200, seed: 12)) me@host\n"),
    (".ssh/config", "Host example\n  IdentityFile ~/.ssh/id_rsa\n"),
    (".ssh/known_hosts", "example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\(token(43, seed: 13))\n"),
    ("certs/ca.crt", "-----BEGIN CERTIFICATE-----\n\(body(14))\n-----END CERTIFICATE-----\n"),
    ("certs/public.asc", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n\(body(15))\n-----END PGP PUBLIC KEY BLOCK-----\n"),
    ("plugin/tokens.py", "def refresh_token(token, secret_key=None):\n    api_key = get_api_key()\n    return token\n"),
    ("plugin/parse.py", "MARKER = '-----BEGIN RSA PRIVATE KEY-----'\nif line.startswith(MARKER):\n    pass\n"),
    ("plugin/short.py", "a = 'sk-1234'\nb = 'sk-learn'\nc = 'task-0123456789abcdef0123456789abcdef0123'\n"),
    ("plugin/hexes.py", "DIGEST = 'sk-0123456789abcdef0123456789abcdef0123456789abcdef'\n"),
    ("plugin/words.py", "# use ghp_ tokens or xoxb- tokens from the environment\nx = 'xoxb-short'\n"),
    ("plugin/aws_docs.py", "# AKIAIOSFODNN7EXAMPLE is AWS's documented example\n"),
    (".aws/config.sample", "[default]\nregion = eu-west-1\n"),
    ("data/config.json", #"{"private_key_id": null, "token": "abc"}"#),
  ]

  func build(_ dir: TemporaryDirectory, cache: TemporaryDirectory) throws -> (error: String?, ok: Bool) {
    let build = PluginBuild(location: try PluginLocation.resolve(path: dir.path, config: nil), sourceDateEpoch: nil)
    let (report, artifact) = try build.run(cache: try CacheDirectory(path: cache.path), jobs: 2)
    return (report.stage("files")?.error, artifact != nil && report.succeeded)
  }

  /// The paths a files-stage error names, one finding per line.
  func refused(_ error: String?) -> Set<String> {
    Set((error ?? "").split(separator: "\n").compactMap { line in
      line.range(of: ": refusing to archive").map { String(line[..<$0.lowerBound]) }
    })
  }

  @Test func everySecretVariantIsRefusedAndNoLookAlikeIs() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    for (path, content) in Self.secrets + Self.lookAlikes { dir.write(path, content) }
    let (error, ok) = try build(dir, cache: TemporaryDirectory("cache"))
    #expect(!ok)
    let names = refused(error)
    for (path, _) in Self.secrets { #expect(names.contains(path), "\(path) was not refused") }
    for (path, _) in Self.lookAlikes { #expect(!names.contains(path), "\(path) was refused") }
    #expect(names.count == Self.secrets.count)
  }

  @Test func lookAlikesAloneBuild() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    for (path, content) in Self.lookAlikes { dir.write(path, content) }
    let result = try build(dir, cache: TemporaryDirectory("cache"))
    #expect(result.error == nil)
    #expect(result.ok)
  }

  @Test func eachContentShapeIsFoundOnItsOwn() {
    for (path, content) in Self.secrets where SecretScanner.reason(for: path) == nil {
      guard case .found = SecretContentScanner.verdict(Array(content.utf8)) else {
        Issue.record("\(path): content not recognised")
        continue
      }
    }
    for (path, content) in Self.lookAlikes {
      #expect(SecretContentScanner.verdict(Array(content.utf8)) == .clean, "\(path)")
      #expect(SecretScanner.reason(for: path) == nil, "\(path)")
    }
  }

  @Test func tokensOneCharacterShortOfTheShapePass() {
    #expect(SecretContentScanner.verdict(Array("x = 'ghp_\(Self.token(35))'".utf8)) == .clean)
    #expect(SecretContentScanner.verdict(Array("x = 'ghp_\(Self.token(36))'".utf8)) != .clean)
    #expect(SecretContentScanner.verdict(Array("x = 'sk-\(Self.token(31))'".utf8)) == .clean)
    #expect(SecretContentScanner.verdict(Array("x = 'sk-\(Self.token(32))'".utf8)) != .clean)
    // An access key ID without a secret next to it is an identifier, not a credential.
    #expect(SecretContentScanner.verdict(Array("id = 'AKIAABCDEFGHIJKLMNOP'".utf8)) == .clean)
  }

  @Test func aReviewedFileIsAllowedByItsMarker() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    let cache = TemporaryDirectory("cache")
    dir.write("tests/fixtures/key.txt", Self.pem)
    dir.write(".env.ci", "TOKEN=dummy\n")
    #expect(refused(try build(dir, cache: cache).error) == ["tests/fixtures/key.txt", ".env.ci"])
    dir.write("tests/fixtures/key.txt", "# synapse: allow-secret (a throwaway key for the parser tests)\n" + Self.pem)
    dir.write(".env.ci", "# synapse: allow-secret\nTOKEN=dummy\n")
    let allowed = try build(dir, cache: cache)
    #expect(allowed.error == nil)
    #expect(allowed.ok)
  }

  @Test func symlinksToExcludedFilesAreRefusedNamingLinkAndTarget() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    dir.write(".env", "TOKEN=secret\n")
    symlink("../.env", dir.url("plugin/settings.cfg"))
    let cache = TemporaryDirectory("cache")
    let builtIn = try build(dir, cache: cache)
    #expect(!builtIn.ok)
    #expect(builtIn.error?.contains("plugin/settings.cfg: symlink to .env, which the ignore rules exclude") == true)

    let ignored = TemporaryDirectory()
    MinimalPlugin.write(in: ignored)
    ignored.write(".ssh/id_rsa", "k\n")
    ignored.write(".synapseignore", ".ssh/\n")
    symlink("../.ssh/id_rsa", ignored.url("plugin/data.txt"))
    let viaIgnore = try build(ignored, cache: cache)
    #expect(!viaIgnore.ok)
    #expect(viaIgnore.error?.contains("plugin/data.txt: symlink to .ssh/id_rsa, which the ignore rules exclude") == true)
    // Excluding the link too is the way out.
    ignored.write(".synapseignore", ".ssh/\nplugin/data.txt\n")
    #expect(try build(ignored, cache: cache).ok)
  }

  @Test func symlinksToSecretsAreRefusedByTheTargetsNameAndContent() throws {
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    dir.write("keys/server.key", "k\n")
    dir.write("keys/.synapseignore", "")
    symlink("../keys/server.key", dir.url("plugin/cert.txt"))
    dir.write("docs/notes.md", "key:\n" + Self.pem)
    symlink("../docs/notes.md", dir.url("plugin/readme.txt"))
    let (error, ok) = try build(dir, cache: TemporaryDirectory("cache"))
    #expect(!ok)
    let names = refused(error)
    #expect(names.contains("plugin/cert.txt (symlink to keys/server.key)"))
    #expect(names.contains("plugin/readme.txt (symlink to docs/notes.md)"))
  }

  @Test func unportableNamesAreRefused() throws {
    for name in ["plugin\\evil.py", "C:evil.txt", "d:data.csv"] {
      let dir = TemporaryDirectory()
      MinimalPlugin.write(in: dir)
      dir.write(name, "x\n")
      let (error, ok) = try build(dir, cache: TemporaryDirectory("cache"))
      #expect(!ok)
      #expect(error?.contains("\(name): file name") == true, "\(name): \(error ?? "no error")")
    }
    // A colon later in a name is no drive prefix.
    let dir = TemporaryDirectory()
    MinimalPlugin.write(in: dir)
    dir.write("data/run:1.csv", "x\n")
    #expect(try build(dir, cache: TemporaryDirectory("cache")).ok)
  }

  @Test func verdictsAreKeptPerDigestForTheNextRun() {
    let clean = SecretVerdict.clean
    let allowed = SecretVerdict.allowed
    var bytes: [UInt8] = []
    let a = SHA256.hash(bytes: Array("a".utf8))
    let b = SHA256.hash(bytes: Array("b".utf8))
    clean.appendLine(digest: a, to: &bytes)
    allowed.appendLine(digest: b, to: &bytes)
    SecretVerdict.found("x").appendLine(digest: SHA256.hash(bytes: Array("c".utf8)), to: &bytes)
    #expect(SecretVerdict.parse(bytes) == [a: clean, b: allowed])
  }
}
