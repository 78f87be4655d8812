import Testing
import YAML

/// Parses `text`, requiring a non-empty single document.
func root(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> YAMLNode {
  try #require(try YAMLParser.parse(Array(text.utf8)), sourceLocation: sourceLocation)
}

/// The exact source text a node's byte range covers.
func source(of node: YAMLNode, in text: String) -> String {
  String(decoding: Array(text.utf8)[node.byteRange], as: UTF8.self)
}

/// The error thrown when parsing `text`, or `nil` if it parsed.
func parseError(_ text: String, limits: YAMLParser.Limits = .default) -> YAMLError? {
  parseError(Array(text.utf8), limits: limits)
}

func parseError(_ bytes: [UInt8], limits: YAMLParser.Limits = .default) -> YAMLError? {
  do {
    _ = try YAMLParser.parseAll(bytes, limits: limits)
    return nil
  } catch {
    return error
  }
}
