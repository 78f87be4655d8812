import Discovery
import Foundation
import Testing

@Suite struct TitleCaseTests {
  static let samples = [
    "mAP50", "x_1st", "Ünïcode", "batch_size", "learning_rate", "", "_", "__x__", "a1b2c3", "ǆemal", "ßtraße",
    "ΣΑΣ_ΑΣ", "ŉx", "İstanbul", "x'y", "ABC_DEF", "already Title", "ﬁne", "日本_語", "c3po_r2d2", "ἀβγ",
  ]

  @Test func knownLabels() {
    #expect(FormKit.label(for: "mAP50") == "Map50")
    #expect(FormKit.label(for: "x_1st") == "X 1St")
    #expect(FormKit.label(for: "Ünïcode") == "Ünïcode")
    #expect(FormKit.label(for: "batch_size") == "Batch Size")
  }

  @Test(.enabled(if: PythonRunner.isAvailable))
  func labelsMatchPythonTitle() throws {
    let script = """
      import json, re, sys
      for name in json.load(open(sys.argv[1])):
          print(json.dumps(re.sub('_', ' ', name).title()))
      """
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("titles-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: Self.samples).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let lines = try PythonRunner.run(script, arguments: [input.path]).split(separator: "\n")
    #expect(lines.count == Self.samples.count)
    for (sample, line) in zip(Self.samples, lines) {
      let expected = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) as? String
      #expect(FormKit.label(for: sample) == expected, "\(sample)")
    }
  }
}
