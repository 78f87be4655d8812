import HTTP
import Testing

/// Error bodies become readable text in `HTTPStatusError.detail`.
@Suite struct ErrorDetailTests {
  func detail(_ json: String, status: Int = 400) -> HTTPStatusError {
    HTTPStatusError(status: status, body: Array(json.utf8))
  }

  @Test func fastAPIValidationErrorsOneLinePerItem() {
    let error = detail(
      #"""
      {"detail": [{"loc": ["body", "version"], "msg": "Field required", "type": "missing"},
                  {"loc": ["body", "config", 0], "msg": "Must be a JSON object.", "type": "json_invalid"}]}
      """#, status: 422)
    #expect(
      error.detail == """
        body -> version: Field required (type=missing)
        body -> config -> 0: Must be a JSON object. (type=json_invalid)
        """)
    #expect(error.kind == .invalid)
    #expect(
      error.description
        == "422 Unprocessable Content: body -> version: Field required (type=missing); "
        + "body -> config -> 0: Must be a JSON object. (type=json_invalid)")
  }

  @Test func detailStringAndCode() {
    let error = detail(#"{"detail": "Release demo 1.0.0 already exists.", "code": "version_exists"}"#)
    #expect(error.detail == "Release demo 1.0.0 already exists.")
    #expect(error.code == "version_exists")
    #expect(error.description == "400 Bad Request: Release demo 1.0.0 already exists.")
  }

  @Test func unauthorizedDescription() {
    let error = detail(#"{"detail":"Invalid token."}"#, status: 401)
    #expect(error.kind == .unauthorized)
    #expect(error.description == "401 Unauthorized: Invalid token.")
  }

  @Test func djangoRestFrameworkFieldErrors() {
    let error = detail(#"{"version": ["This field is required.", "Bad."], "non_field_errors": ["Nope"]}"#)
    #expect(error.detail == "version: This field is required.\nversion: Bad.\nnon_field_errors: Nope")
  }

  @Test func otherJSONIsCompacted() {
    #expect(detail(#"{ "error" : { "id" : 7, "ok": [true, null, 1.5e3, "\u00e9\n"] } }"#).detail
      == #"{"error":{"id":7,"ok":[true,null,1.5e3,"é\n"]}}"#)
    #expect(detail(#"["a", 1]"#).detail == #"["a",1]"#)
  }

  @Test func plainTextIsTrimmedAndTruncated() {
    #expect(detail("  <html>Bad Gateway</html>\n", status: 502).detail == "<html>Bad Gateway</html>")
    let long = detail(String(repeating: "x", count: 2000), status: 500)
    #expect(long.detail == String(repeating: "x", count: 500) + "…")
    #expect(long.kind == .server)
    #expect(detail("", status: 404).description == "404 Not Found")
  }

  @Test func kinds() {
    #expect(detail("", status: 403).kind == .forbidden)
    #expect(detail("", status: 413).kind == .payloadTooLarge)
    #expect(detail("", status: 429).kind == .rateLimited)
    #expect(detail("", status: 503).kind == .server)
    #expect(detail("", status: 409).kind == .other)
  }
}
