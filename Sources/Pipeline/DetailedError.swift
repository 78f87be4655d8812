/// A stage failure that carries the output of the tool the stage ran.
///
/// The description stays one line that says what failed and the way out (`tests failed: 1
/// failed, 3 passed`), while the tool's own output, often hundreds of lines, travels
/// beside it in ``StageReport/details`` so the CLI can print it as written instead of
/// marking every line as an error.
public protocol DetailedError: Error, CustomStringConvertible {
  var details: String { get }
}
