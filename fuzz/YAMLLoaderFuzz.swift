// libFuzzer entry for the YAML loader: any bytes must parse or fail with a YAMLError; no
// crash, no hang. Built by fuzz/run together with Sources/YAML.

@_cdecl("LLVMFuzzerTestOneInput")
public func yamlLoaderFuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
  let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
  if let root = try? YAMLParser.parse(bytes) {
    // Walk everything the loader produced: positions must lie inside the input.
    var stack = [root]
    while let node = stack.popLast() {
      precondition(node.start.offset <= node.end.offset && node.end.offset <= bytes.count, "node outside the input")
      switch node.kind {
      case .scalar(let s): _ = s.resolved
      case .sequence(let items): stack += items
      case .mapping(let pairs): for p in pairs { stack += [p.key, p.value] }
      }
      _ = node.value
    }
  }
  return 0
}
