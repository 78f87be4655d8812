import Pipeline

/// Tests that failed, or pytest that could not run them; ``details`` is pytest's output.
public struct PytestFailure: DetailedError {
  public let status: Int32
  public let summary: PytestSummary?
  public let details: String
  /// The interpreter pytest ran with.
  public var python = "this interpreter"

  public var description: String {
    if details.contains("No module named 'pytest'") || details.contains("No module named pytest") {
      return "pytest is not installed for \(python); add pytest to requirements.txt, or install it "
        + "(\(python) -m pip install pytest)"
    }
    switch (status, summary) {
    case (4, _):
      return "pytest could not run with these arguments (exit 4); check what follows --"
    case (_, let summary?):
      return "tests failed: \(summary.text) (pytest exit \(status))"
    default:
      return "pytest exited \(status) without a summary; its output says why"
    }
  }
}
