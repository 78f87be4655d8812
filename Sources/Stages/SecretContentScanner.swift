import Archive
import Glibc

/// Finds credentials inside ordinary files: private-key blocks (PEM, OpenSSH, PGP) and the
/// token shapes of services that publish their formats (AWS, GitHub, Slack, OpenAI).
///
/// Shapes are tight on purpose, prefix, alphabet and length together, because a false alarm
/// stops a build: source that says "token", short `sk-` strings, certificates and public
/// keys pass. A file that contains `synapse: allow-secret` (in a comment, say) was reviewed
/// and passes whatever it holds.
public enum SecretContentScanner {
  /// The marker that allows a reviewed file.
  public static let allowMarker = "synapse: allow-secret"
  /// Larger files (model weights, data sets) are not read: secrets are small text files,
  /// and reading gigabytes on every cold build would cost more than it finds.
  public static let maximumScannedSize = 4 << 20

  /// Whether a file of this name and size is read at all (compressed formats cannot show a
  /// token in their bytes).
  public static func scans(path: String, size: Int) -> Bool {
    guard size <= maximumScannedSize else { return false }
    return ArchiveStage.compression(for: path) == .deflate
  }

  public static func verdict(_ bytes: [UInt8]) -> SecretVerdict {
    bytes.withUnsafeBytes { verdict($0) }
  }

  public static func verdict(_ text: UnsafeRawBufferPointer) -> SecretVerdict {
    if contains(text, allowMarker) { return .allowed }
    if let label = privateKeyBlock(text) { return .found("private key block (\(label))") }
    if contains(text, "\"private_key\"") && contains(text, "PRIVATE KEY") {
      return .found("service-account key (JSON with a private_key)")
    }
    if awsSecretAssignment(text) { return .found("AWS secret access key") }
    if awsAccessKeyID(text), awsSecretShape(text) { return .found("AWS access key ID with a secret key") }
    if gitHubToken(text) { return .found("GitHub token") }
    if slackToken(text) { return .found("Slack token") }
    if openAIKey(text) { return .found("OpenAI-style API key (sk-…)") }
    return .clean
  }

  // MARK: - Shapes

  /// `-----BEGIN … PRIVATE KEY…-----` followed by a base64 body, as PEM, OpenSSH and PGP
  /// armour write it. The body is required so code that merely names the marker passes.
  static func privateKeyBlock(_ text: UnsafeRawBufferPointer) -> String? {
    var found: String?
    forEach(text, "-----BEGIN ") { start in
      var end = start + 11
      while end < text.count, end - start < 80, isArmourLabel(text[end]) { end += 1 }
      guard end + 5 <= text.count, hasPrefix(text, end, "-----") else { return false }
      let label = String(decoding: UnsafeRawBufferPointer(rebasing: text[(start + 11)..<end]), as: UTF8.self)
      guard label.contains("PRIVATE KEY") else { return false }
      // PGP armour has header lines first; the body starts within a few hundred bytes.
      guard longestRun(text, from: end + 5, within: 1024, stopAt: "-----END", isBase64) >= 40 else { return false }
      found = "BEGIN " + label
      return true
    }
    return found
  }

  /// `aws_secret_access_key = <40 characters>` (config files, environment exports, source).
  static func awsSecretAssignment(_ text: UnsafeRawBufferPointer) -> Bool {
    for needle in ["aws_secret_access_key", "AWS_SECRET_ACCESS_KEY"] {
      let hit = forEach(text, needle) { start in
        var i = start + needle.utf8.count
        while i < text.count, text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x22 || text[i] == 0x27 { i += 1 }
        guard i < text.count, text[i] == UInt8(ascii: "=") || text[i] == UInt8(ascii: ":") else { return false }
        i += 1
        while i < text.count, text[i] == 0x20 || text[i] == 0x09 || text[i] == 0x22 || text[i] == 0x27 { i += 1 }
        var j = i
        while j < text.count, isAWSSecret(text[j]) { j += 1 }
        return j - i == 40
      }
      if hit { return true }
    }
    return false
  }

  /// `AKIA`/`ASIA` and 16 upper-case letters or digits, standing alone; AWS's documented
  /// examples (ending in `EXAMPLE`) pass.
  static func awsAccessKeyID(_ text: UnsafeRawBufferPointer) -> Bool {
    for prefix in ["AKIA", "ASIA"] {
      let hit = forEach(text, prefix) { start in
        guard start == 0 || !isWord(text[start - 1]), start + 20 <= text.count else { return false }
        for k in (start + 4)..<(start + 20) where !(isUpper(text[k]) || isDigit(text[k])) { return false }
        guard start + 20 == text.count || !isWord(text[start + 20]) else { return false }
        return !hasPrefix(text, start + 13, "EXAMPLE")
      }
      if hit { return true }
    }
    return false
  }

  /// A standalone 40-character run of AWS's secret alphabet mixing cases and digits (what
  /// sits next to an access key ID).
  static func awsSecretShape(_ text: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    while i < text.count {
      guard isAWSSecret(text[i]), i == 0 || !isWord(text[i - 1]) else {
        i += 1
        continue
      }
      var j = i
      var classes = CharacterClasses()
      while j < text.count, isAWSSecret(text[j]) {
        classes.add(text[j])
        j += 1
      }
      if j - i == 40, j == text.count || !isWord(text[j]), classes.isMixed { return true }
      i = j + 1
    }
    return false
  }

  /// `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` and 36 or more letters and digits; `github_pat_` and
  /// 59 or more.
  static func gitHubToken(_ text: UnsafeRawBufferPointer) -> Bool {
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
      let hit = forEach(text, prefix) { start in
        guard start == 0 || !isWord(text[start - 1]) else { return false }
        let run = runLength(text, from: start + 4) { isAlphanumeric($0) }
        return run >= 36 && run <= 255 && (start + 4 + run == text.count || !isWord(text[start + 4 + run]))
      }
      if hit { return true }
    }
    return forEach(text, "github_pat_") { start in
      guard start == 0 || !isWord(text[start - 1]) else { return false }
      return runLength(text, from: start + 11) { isAlphanumeric($0) || $0 == 0x5F } >= 59
    }
  }

  /// `xoxb-`/`xoxp-`/`xoxa-`/`xoxo-`/`xoxr-`/`xoxs-`, a numeric workspace part of eight or
  /// more digits, then twenty or more token characters.
  static func slackToken(_ text: UnsafeRawBufferPointer) -> Bool {
    forEach(text, "xox") { start in
      guard start == 0 || !isWord(text[start - 1]), start + 5 < text.count,
        "abposr".utf8.contains(text[start + 3]), text[start + 4] == UInt8(ascii: "-")
      else { return false }
      let digits = runLength(text, from: start + 5) { isDigit($0) }
      let after = start + 5 + digits
      guard digits >= 8, after < text.count, text[after] == UInt8(ascii: "-") else { return false }
      var classes = CharacterClasses()
      let rest = runLength(text, from: after + 1) { byte in
        guard isAlphanumeric(byte) || byte == UInt8(ascii: "-") else { return false }
        classes.add(byte)
        return true
      }
      return rest >= 20 && classes.hasLetter
    }
  }

  /// `sk-` and 32 or more key characters mixing upper case, lower case and digits (OpenAI's
  /// and similar services' keys); `sk-learn`, `sk-1234` and hex digests pass.
  static func openAIKey(_ text: UnsafeRawBufferPointer) -> Bool {
    forEach(text, "sk-") { start in
      guard start == 0 || !(isWord(text[start - 1]) || text[start - 1] == UInt8(ascii: "-")) else { return false }
      var classes = CharacterClasses()
      let run = runLength(text, from: start + 3) { byte in
        guard isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == 0x5F else { return false }
        classes.add(byte)
        return true
      }
      return run >= 32 && classes.isMixed
    }
  }

  // MARK: - Bytes

  struct CharacterClasses {
    var upper = false
    var lower = false
    var digit = false

    mutating func add(_ byte: UInt8) {
      if isUpper(byte) { upper = true } else if isLower(byte) { lower = true } else if isDigit(byte) { digit = true }
    }

    var isMixed: Bool { upper && lower && digit }
    var hasLetter: Bool { upper || lower }
  }

  static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
  static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
  static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
  static func isAlphanumeric(_ b: UInt8) -> Bool { isUpper(b) || isLower(b) || isDigit(b) }
  static func isWord(_ b: UInt8) -> Bool { isAlphanumeric(b) || b == 0x5F }
  static func isBase64(_ b: UInt8) -> Bool { isAlphanumeric(b) || b == 0x2B || b == 0x2F || b == 0x3D }
  static func isAWSSecret(_ b: UInt8) -> Bool { isAlphanumeric(b) || b == 0x2B || b == 0x2F }
  static func isArmourLabel(_ b: UInt8) -> Bool { isUpper(b) || isDigit(b) || b == 0x20 }

  static func hasPrefix(_ text: UnsafeRawBufferPointer, _ at: Int, _ prefix: String) -> Bool {
    var i = at
    for byte in prefix.utf8 {
      guard i < text.count, text[i] == byte else { return false }
      i += 1
    }
    return true
  }

  static func runLength(_ text: UnsafeRawBufferPointer, from: Int, _ accepts: (UInt8) -> Bool) -> Int {
    var i = from
    while i < text.count, accepts(text[i]) { i += 1 }
    return i - from
  }

  /// The longest run of accepted bytes in `text[from..<from + within]`, stopping at `stop`.
  static func longestRun(
    _ text: UnsafeRawBufferPointer, from: Int, within: Int, stopAt stop: String, _ accepts: (UInt8) -> Bool
  ) -> Int {
    var best = 0
    var current = 0
    var i = from
    let end = min(text.count, from + within)
    while i < end {
      if text[i] == UInt8(ascii: "-"), hasPrefix(text, i, stop) { break }
      if accepts(text[i]) {
        current += 1
        best = max(best, current)
      } else {
        current = 0
      }
      i += 1
    }
    return best
  }

  static func contains(_ text: UnsafeRawBufferPointer, _ needle: String) -> Bool {
    forEach(text, needle) { _ in true }
  }

  /// Calls `body` with the offset of each occurrence of `needle` until it returns true;
  /// returns whether it did. memchr on the first byte keeps the many passes over a file
  /// cheap.
  @discardableResult
  static func forEach(_ text: UnsafeRawBufferPointer, _ needle: String, _ body: (Int) -> Bool) -> Bool {
    guard let base = text.baseAddress else { return false }
    let needleBytes = Array(needle.utf8)
    guard let first = needleBytes.first else { return false }
    return needleBytes.withUnsafeBytes { n in
      var offset = 0
      while offset + n.count <= text.count {
        guard let hit = memchr(base + offset, Int32(first), text.count - offset - n.count + 1) else { return false }
        let position = base.distance(to: UnsafeRawPointer(hit))
        if memcmp(base + position, n.baseAddress!, n.count) == 0, body(position) { return true }
        offset = position + 1
      }
      return false
    }
  }
}
