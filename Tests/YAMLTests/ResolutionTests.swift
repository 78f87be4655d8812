import Testing
import YAML

/// Expected values were produced with PyYAML 6.0 `yaml.safe_load`.
@Suite struct ResolutionTests {
  static let plainCases: [(String, ResolvedScalar)] = [
    ("1.0", .float(1.0)), ("1", .int(1)), ("-17", .int(-17)), ("+5", .int(5)),
    ("0755", .int(493)), ("0o755", .string("0o755")), ("0x1F", .int(31)), ("-0x1F", .int(-31)),
    ("0b1010", .int(10)), ("1_000", .int(1000)), ("1:30", .int(90)), ("190:20:30", .int(685_230)),
    ("-1:30", .int(-90)), ("1:30.5", .float(90.5)), ("1:5:0.5", .float(3900.5)),
    ("1.5e+3", .float(1500)), ("1e3", .string("1e3")), ("1.0e3", .string("1.0e3")),
    (".5", .float(0.5)), ("-.5", .string("-.5")), ("1.", .float(1)), ("12_34.5_6", .float(1234.56)),
    (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)), ("+.INF", .float(.infinity)),
    ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
    ("yes", .bool(true)), ("Yes", .bool(true)), ("YES", .bool(true)), ("no", .bool(false)),
    ("on", .bool(true)), ("ON", .bool(true)), ("Off", .bool(false)), ("true", .bool(true)),
    ("False", .bool(false)), ("y", .string("y")), ("n", .string("n")), ("Y", .string("Y")),
    ("08", .string("08")), ("09:30", .string("09:30")), ("1:60", .string("1:60")),
    ("nan", .string("nan")), ("inf", .string("inf")), ("hello", .string("hello")),
    ("0", .int(0)), ("-0", .int(0)), ("00", .int(0)), ("0_", .int(0)),
    ("9223372036854775807", .int(Int.max)), ("2024-01-01", .string("2024-01-01")),
    ("3.14abc", .string("3.14abc")), ("1.2.3", .string("1.2.3")), ("0x", .string("0x")),
    ("+", .string("+")), (".", .string(".")), ("0x_", .string("0x_")), ("nULL", .string("nULL")),
    ("tRUE", .string("tRUE")),
  ]

  @Test(arguments: plainCases)
  func plainScalarsResolveLikePyYAML(text: String, expected: ResolvedScalar) {
    #expect(YAMLScalar(value: text, style: .plain).resolved == expected)
  }

  @Test func nanResolvesToFloatNaN() {
    guard case .float(let value) = YAMLScalar(value: ".NaN", style: .plain).resolved else {
      Issue.record("expected a float")
      return
    }
    #expect(value.isNaN)
  }

  @Test func documentLevelResolution() throws {
    let document = try root(
      """
      version: 1.0
      on: yes
      quoted: "1.0"
      single: 'yes'
      tilde: ~
      empty:
      mode: 0755
      block: |
        12

      """)
    #expect(document["version"]?.scalar?.resolved == .float(1.0))
    let on = try #require(document.pair(forKey: "on"))
    #expect(on.key.scalar?.resolved == .bool(true))
    #expect(on.value.scalar?.resolved == .bool(true))
    #expect(document["quoted"]?.scalar?.resolved == .string("1.0"))
    #expect(document["single"]?.scalar?.resolved == .string("yes"))
    #expect(document["tilde"]?.scalar?.resolved == .null)
    #expect(document["empty"]?.scalar == YAMLScalar(value: "", style: .plain))
    #expect(document["empty"]?.resolved == .null)
    #expect(document["mode"]?.resolved == .int(493))
    #expect(document["block"]?.resolved == .string("12\n"))
  }

  @Test func explicitTagsOverrideImplicitResolution() throws {
    let document = try root(
      """
      a: !!str 123
      b: !!int "42"
      c: !!float 1
      d: !!int abc
      e: !Ref thing
      f: ! 12
      g: !!bool "yes"
      h: !!null ""
      i: [1]

      """)
    #expect(document["a"]?.scalar?.resolved == .int(123))
    #expect(document["a"]?.resolved == .string("123"))
    #expect(document["b"]?.resolved == .int(42))
    #expect(document["c"]?.resolved == .float(1))
    #expect(document["d"]?.resolved == nil)
    #expect(document["e"]?.tag == "!Ref")
    #expect(document["e"]?.resolved == nil)
    #expect(document["f"]?.tag == "!")
    #expect(document["f"]?.resolved == .string("12"))
    #expect(document["g"]?.resolved == .bool(true))
    #expect(document["h"]?.resolved == .null)
    #expect(document["i"]?.resolved == nil)
  }
}
