/// A compiled subschema behind a reference.
///
/// Validation recurses once per schema level, and a `SchemaNode` copied into
/// every frame would cost hundreds of bytes of stack per level in debug
/// builds; a reference costs eight, which keeps deep documents well inside
/// a thread's stack.
final class SchemaNodeRef: Sendable {
  let node: SchemaNode

  init(_ node: SchemaNode) {
    self.node = node
  }
}
