/// Why the schema text is not valid JSON, and where.
struct JSONParseError: Error, Sendable, Equatable {
  let message: String
  /// 1-based line of the offending character.
  let line: Int
  /// 1-based column, counted in Unicode scalars.
  let column: Int
  /// UTF-8 byte offset of the offending character.
  let offset: Int
}
