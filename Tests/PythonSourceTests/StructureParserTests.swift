import Foundation
import PythonSource
import Testing

@Suite struct StructureParserTests {
  static func scan(_ text: String) -> PythonModuleSummary {
    PythonModuleSummary.scan(Array(text.utf8))
  }

  @Test func importsWithAliasesAndRelativeLevels() {
    let summary = Self.scan(
      """
      import os, a.b.c as abc
      from . import sibling
      from ..pkg.mod import (X as Y,
                             Z,)
      from synapse_sdk.plugins import *
      def f():
          import inner
      """)
    #expect(summary.imports.count == 5)
    #expect(summary.imports[0].names == [.init(name: "os", alias: nil), .init(name: "a.b.c", alias: "abc")])
    #expect(summary.imports[0].names.map(\.boundName) == ["os", "abc"])
    #expect(summary.imports[1].kind == .from && summary.imports[1].module == nil && summary.imports[1].level == 1)
    #expect(summary.imports[2].module == "pkg.mod" && summary.imports[2].level == 2)
    #expect(summary.imports[2].names.map(\.boundName) == ["Y", "Z"])
    #expect(summary.imports[3].isStar)
    #expect(summary.imports[4].isModuleLevel == false)
    #expect(PythonImportedName(name: "a.b", alias: nil).boundName == "a")
  }

  @Test func classHeadersBasesGenericsAndKeywords() {
    let summary = Self.scan(
      """
      @dataclass(frozen=True)
      @other
      class TrainAction(BaseTrainAction[TrainParams], mixins.Logging, metaclass=ABCMeta):
          action_name = 'train'
          method = RunMethod.JOB
          epochs: int = Field(10, ge=1)
          note: str
          a = b = 3

          @abstractmethod
          def execute(self): ...

          async def helper(self):
              x = 1

          class Inner(Base): pass

      class Weird(make_base(), *more, Good[int, str]): pass
      """)
    #expect(summary.classes.map(\.qualifiedName) == ["TrainAction", "TrainAction.Inner", "Weird"])
    let train = summary.classes[0]
    #expect(train.location == PythonSourceLocation(line: 3, column: 1))
    #expect(train.decorators.count == 2)
    #expect(train.bases.map(\.name) == ["BaseTrainAction", "mixins.Logging"])
    #expect(train.bases[0].genericArguments == [.name("TrainParams")])
    #expect(train.bases[0].genericArgumentText == "TrainParams")
    #expect(train.bases[1].simpleName == "Logging")
    #expect(train.keywords == [PythonKeywordArgument(name: "metaclass", value: .name("ABCMeta"))])
    #expect(train.assignments.map(\.targets) == [["action_name"], ["method"], ["epochs"], ["note"], ["a", "b"]])
    #expect(train.assignment(to: "action_name")?.value == .string("train"))
    #expect(train.assignment(to: "method")?.value == .name("RunMethod.JOB"))
    #expect(train.assignment(to: "note") == nil)
    #expect(train.assignments[3].annotationText == "str" && train.assignments[3].value == nil)
    #expect(train.methods.map(\.name) == ["execute", "helper"])
    #expect(train.methods[0].decorators == [.name("abstractmethod")])
    #expect(train.methods[1].isAsync)
    #expect(train.nestedClassNames == ["Inner"])
    #expect(summary.classes[1].isModuleLevel == false)
    let weird = summary.classes[2]
    #expect(weird.bases.map(\.name) == [nil, "Good"])
    #expect(weird.bases[1].genericArgumentText == "int, str")
    let warnings = summary.diagnostics.filter { $0.severity == .warning }
    #expect(
      warnings.map(\.message) == [
        "class Weird: base expression too dynamic to read: make_base()",
        "class Weird: base expression too dynamic to read: *more",
      ])
    #expect(warnings.first?.location == PythonSourceLocation(line: 18, column: 13))
  }

  @Test func conditionalDefinitionsAndSyntaxDepth() {
    let summary = Self.scan(
      """
      try:
          from synapse_sdk.plugins import BaseAction
      except ImportError:
          BaseAction = object
      if X:
          class A(B): pass
      elif Y:
          class C(D): pass
      else:
          class E(F): pass
      class G:
          if flag:
              value = 1
      """)
    #expect(summary.imports.first?.isConditional == true)
    #expect(summary.assignments.first?.isConditional == true)
    #expect(summary.classes.map(\.syntaxDepth) == [2, 3, 3, 1])
    #expect(summary.classes.allSatisfy { $0.isModuleLevel })
    #expect(summary.classes[3].assignments.first?.isConditional == true)
  }

  @Test func moduleAssignmentsAndLambdas() {
    let summary = Self.scan(
      """
      NAME = 'x'
      f = lambda a=1: a
      x, y = 1, 2
      self.z = 3
      COUNT: int = 4
      items = 1, 2
      """)
    #expect(summary.assignments.map(\.targets) == [["NAME"], ["f"], ["COUNT"], ["items"]])
    #expect(summary.assignments[1].valueText == "lambda a=1: a")
    #expect(summary.assignments[3].value == .tuple([.int(1), .int(2)]))
  }

  @Test func brokenFilesStillGiveASummary() {
    let summary = Self.scan(
      """
      class Good(Base):
          x = 1
        y = 'unterminated
      class Later(Base):
          z = (
      """)
    #expect(summary.hasErrors)
    #expect(summary.classes.map(\.name) == ["Good", "Later"])
    #expect(summary.diagnostics.contains { $0.message == "unindent does not match any outer indentation level" })
    #expect(summary.diagnostics.contains { $0.message == "unterminated string literal" && $0.line == 3 })
  }

  @Test func summariesRoundTripThroughCodable() throws {
    let summary = Self.scan(
      """
      from pydantic import BaseModel, Field
      class P(BaseModel):
          a: int | None = Field(None, json_schema_extra={'options': [1, 2.5, 'x', None, True]})
          b: dict[str, list[int]] = {}
      """)
    let data = try JSONEncoder().encode(summary)
    let decoded = try JSONDecoder().decode(PythonModuleSummary.self, from: data)
    #expect(decoded == summary)
  }

  @Test func randomInputNeverBreaksTheScanner() {
    var generator = SplitMix64(seed: 42)
    let pieces = [
      "class ", "def ", "A", "(", ")", "[", "]", ":", "\n", "    ", "=", "@d\n", "import ", "from ", ".", " as ", ",",
      "'s'", "1", "lambda ", "if ", "else", "\t", "*", "**", "{", "}", "#c", "\\\n", "async ", "match ", "case ",
    ]
    for _ in 0..<2000 {
      let count = Int(generator.next() % 60)
      let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
      let summary = Self.scan(text)
      #expect(summary.classes.allSatisfy { !$0.name.isEmpty })
    }
  }
}
