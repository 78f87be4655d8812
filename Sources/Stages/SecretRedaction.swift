import YAML

/// Hides credentials in what a job service echoes back before it is shown.
public enum SecretRedaction {
  public static let placeholder = "<redacted>"

  /// Whether an environment variable's name says its value is a credential.
  public static func isSecretName(_ name: String) -> Bool {
    let upper = name.uppercased()
    return ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "API_KEY", "APIKEY", "PRIVATE_KEY"]
      .contains { upper.contains($0) }
  }

  /// `value` with every `env_vars` entry (at any depth, as in a job's `runtime_env`) whose
  /// name looks secret replaced by the placeholder, and every value equal to one of
  /// `secrets` replaced wherever it appears.
  public static func redactingEnvironment(_ value: YAMLValue, secrets: [String] = []) -> YAMLValue {
    switch value {
    case .mapping(let pairs):
      return .mapping(
        pairs.map { pair in
          if pair.key == "env_vars", case .mapping(let vars) = pair.value {
            return (
              pair.key,
              .mapping(
                vars.map {
                  (
                    $0.key,
                    isSecretName($0.key) ? .string(placeholder) : redactingEnvironment($0.value, secrets: secrets)
                  )
                })
            )
          }
          return (pair.key, redactingEnvironment(pair.value, secrets: secrets))
        })
    case .sequence(let items):
      return .sequence(items.map { redactingEnvironment($0, secrets: secrets) })
    case .string(let text):
      return .string(redacting(text, secrets: secrets))
    default:
      return value
    }
  }

  /// `text` with each non-empty secret replaced by the placeholder.
  public static func redacting(_ text: String, secrets: [String]) -> String {
    var result = text
    for secret in secrets where secret.count >= 4 && result.contains(secret) {
      result = result.replacing(secret, with: placeholder)
    }
    return result
  }
}
