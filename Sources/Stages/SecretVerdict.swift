import Hashing
import Pipeline

/// What a file's bytes say about shipping it: nothing secret, a reviewer's allowance, or a
/// credential found inside.
///
/// It depends on the bytes alone, so it is kept per content digest for the files stage's next
/// run: after an edit only the edited file is read again.
public enum SecretVerdict: Sendable, Equatable {
  case clean
  /// The file says `synapse: allow-secret`: someone reviewed it and ships it on purpose.
  case allowed
  /// Why the content looks like a credential.
  case found(String)

  /// Appends the cache line `digest c|a` (findings are never cached: they fail the stage).
  func appendLine(digest: Digest, to out: inout [UInt8]) {
    let flag: UInt8
    switch self {
    case .clean: flag = UInt8(ascii: "c")
    case .allowed: flag = UInt8(ascii: "a")
    case .found: return
    }
    digest.appendHex(to: &out)
    out += [0x20, flag, 0x0A]
  }

  /// Reads the cache lines back; a damaged line is skipped (its file is scanned again).
  static func parse(_ bytes: [UInt8]) -> [Digest: SecretVerdict] {
    var out: [Digest: SecretVerdict] = [:]
    bytes.withUnsafeBytes { buf in
      DigestLines.forEach(in: buf) { digest, rest in
        guard rest.count == 1 else { return }
        switch buf[rest.lowerBound] {
        case UInt8(ascii: "c"): out[digest] = .clean
        case UInt8(ascii: "a"): out[digest] = .allowed
        default: return
        }
      }
    }
    return out
  }
}
