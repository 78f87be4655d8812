import YAML

/// Reads JSON documents other than the schema (the credentials file, backend replies) into
/// ordered ``YAMLValue``s, so a file rewritten after an edit keeps its keys in their order.
///
/// The same strict reader as the schema's is used: a credentials file that another tool
/// would read differently (duplicate keys, trailing commas) is reported rather than guessed at.
public enum JSONReader {
  /// Why a document is not valid JSON, with the 1-based line and column.
  public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int

    public var description: String { "line \(line), column \(column): \(message)" }
  }

  /// Parses one JSON document. Integral numbers written without a fraction or exponent become
  /// `.int`; other numbers `.float` with their literal text.
  public static func parse(_ bytes: [UInt8]) throws(Failure) -> YAMLValue {
    do {
      return convert(try JSONParser.parse(bytes))
    } catch {
      throw Failure(message: error.message, line: error.line, column: error.column)
    }
  }

  private static func convert(_ value: JSONValue) -> YAMLValue {
    switch value {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .number(let number):
      let literal = number.literal
      if !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int(literal) {
        return .int(integer)
      }
      return .float(literal)
    case .string(let text): return .string(text)
    case .array(let items): return .sequence(items.map(convert))
    case .object(let members): return .mapping(members.map { (key: $0.key, value: convert($0.value)) })
    }
  }
}
