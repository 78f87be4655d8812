import Stages
import Testing

@Suite struct RequirementsFileTests {
  @Test func acceptsWhatPipAccepts() {
    let text = """
      # deps
      ultralytics>=8.0.0
      torch==2.1.0  # pinned
      numpy>=1.24,<2.0
      requests[socks,security] ~= 2.31
      pydantic (>=2)
      six; python_version < "3.12"
      mypkg @ git+https://example.invalid/x.git@v1
      git+https://example.invalid/y.git#egg=y
      ./wheels/local-1.0-py3-none-any.whl
      --find-links wheels
      --no-index
      -r other.txt
      long-name \\
        >=1.0
      Jinja2===3.1.2

      """
    #expect(RequirementsFile.check(text) == [])
  }

  @Test func reportsEachBadLineWithItsColumn() {
    let text = "ok==1\n  torch=>2\nnumpy>=\n--bogus-flag\n[extra]\nfoo[bar\nx==1 y\n"
    #expect(RequirementsFile.check(text).map { "\($0.line):\($0.column): \($0.message)" } == [
      "2:8: unknown version operator '=>'",
      "3:8: expected a version after '>='",
      "4:1: unknown pip option '--bogus-flag'",
      "5:1: expected a package name",
      "6:8: unclosed '[' in extras",
      "7:6: unexpected 'y'",
    ])
  }
}

@Suite struct RequirementsWithoutRuntimeTests {
  @Test func dropsEveryFormOfTheSDKRequirementAndKeepsLineNumbers() {
    let text = "synapse-sdk\nnumpy>=1.24\nSynapse_SDK>=2026.1 ; python_version >= \"3.12\"\n  synapse.sdk==1  # pinned\n"
    #expect(RequirementsFile.withoutRuntime(text) == "\nnumpy>=1.24\n\n\n")
  }

  @Test func leavesOtherPackagesAndFilesWithoutItAlone() {
    #expect(RequirementsFile.withoutRuntime("synapse-sdk-extras\nsynapsesdk\nnumpy\n") == nil)
    #expect(RequirementsFile.withoutRuntime("# synapse-sdk\n") == nil)
  }

  @Test func aFileIncludingOthersIsInstalledAsWritten() {
    #expect(RequirementsFile.withoutRuntime("synapse-sdk\n-r base.txt\n") == nil)
    #expect(RequirementsFile.withoutRuntime("-c constraints.txt\nsynapse-sdk\n") == nil)
  }

  @Test func aContinuedLineIsNotTouched() {
    #expect(RequirementsFile.withoutRuntime("numpy \\\nsynapse-sdk\n") == nil)
  }
}
