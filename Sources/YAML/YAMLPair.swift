/// One `key: value` entry of a mapping. Keys are full nodes (not strings)
/// because YAML allows any node as a key and because the caller needs the
/// key's own position to report an unknown or duplicate key.
public struct YAMLPair: Sendable {
  public let key: YAMLNode
  public let value: YAMLNode

  public init(key: YAMLNode, value: YAMLNode) {
    self.key = key
    self.value = value
  }
}
