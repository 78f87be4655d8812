/// One `"key": value` member of a JSON object.
struct JSONMember: Sendable, Equatable {
  let key: String
  let value: JSONValue
}
