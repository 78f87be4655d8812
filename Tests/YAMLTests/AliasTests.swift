import Testing
import YAML

@Suite struct AliasTests {
  @Test func aliasCopiesTheAnchoredNodeAndKeepsItsOwnRange() throws {
    let text = """
      base: &base
        image: alpine
        tags: [a, b]
      job: *base
      other: &s scalar
      copy: *s

      """
    let document = try root(text)
    let base = try #require(document["base"])
    #expect(base.anchor == "base")
    #expect(base.alias == nil)
    #expect(base.start == SourcePosition(line: 1, column: 7, offset: 6))

    let job = try #require(document["job"])
    #expect(job.alias == "base")
    #expect(job.anchor == nil)
    #expect(source(of: job, in: text) == "*base")
    #expect(job.start == SourcePosition(line: 4, column: 6, offset: 48))
    #expect(job["image"]?.scalar?.value == "alpine")
    #expect(job["tags"]?.sequence?.map { $0.scalar?.value } == ["a", "b"])
    // Children of the copy still point at the definition.
    #expect(job["image"]?.start == base["image"]?.start)
    #expect(job["image"]?.start.line == 2)

    let copy = try #require(document["copy"])
    #expect(copy.scalar?.value == "scalar")
    #expect(copy.alias == "s")
    #expect(source(of: copy, in: text) == "*s")
  }

  @Test func billionLaughsIsRejected() throws {
    let text = """
      a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
      d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
      e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
      f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
      g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
      h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
      i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

      """
    let error = try #require(parseError(text))
    #expect(error.message.contains("aliases expand to more than 1000000 nodes"))
    // The limit trips at an alias, not at the definitions.
    let position = try #require(error.position)
    #expect(position.line >= 7)
    #expect(Array(text.utf8)[position.offset] == UInt8(ascii: "*"))
  }

  @Test func expansionLimitCountsNodesCopiedByAliases() throws {
    let text = "a: &a [1, 2, 3]\nb: &b [*a, *a]\nc: *b\n"
    // *a copies 4 nodes (twice), *b copies 1 + 4 + 4 = 9: 17 in total.
    #expect(parseError(text, limits: YAMLParser.Limits(maxAliasExpansion: 17)) == nil)
    let error = try #require(parseError(text, limits: YAMLParser.Limits(maxAliasExpansion: 16)))
    #expect(error.position == SourcePosition(line: 3, column: 4, offset: 34))
    // Nodes written out in full are not limited.
    let long = "[" + Array(repeating: "x", count: 50).joined(separator: ", ") + "]"
    #expect(parseError(long, limits: YAMLParser.Limits(maxAliasExpansion: 0)) == nil)
  }

  @Test func undefinedAliasIsReportedAtTheAlias() throws {
    let error = try #require(parseError("a: 1\nb: *nope\n"))
    #expect(error.message == "found undefined alias 'nope'")
    #expect(error.position == SourcePosition(line: 2, column: 4, offset: 8))
  }

  @Test func recursiveAliasIsRejected() throws {
    let error = try #require(parseError("a: &a [1, *a]\n"))
    #expect(error.message.contains("recursive"))
    #expect(error.position?.column == 11)
    #expect(error.contextPosition?.column == 4)
  }

  @Test func duplicateAnchorIsRejectedLikePyYAML() throws {
    let error = try #require(parseError("a: &x 1\nb: &x 2\n"))
    #expect(error.message == "found duplicate anchor 'x'")
    #expect(error.position?.line == 2)
    #expect(error.contextPosition?.line == 1)
  }

  @Test func anchorsDoNotCrossDocuments() throws {
    let error = try #require(parseError("a: &x 1\n---\nb: *x\n"))
    #expect(error.message == "found undefined alias 'x'")
    #expect(error.position?.line == 3)
  }
}
