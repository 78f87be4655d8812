import Foundation
import TestSupport
import Testing

@testable import Stages

@Suite struct PluginTemplatesTests {
  /// The binary renders what templates/ holds: scripts/generate-templates was run after the
  /// last edit.
  @Test func embeddedTemplatesMatchTheTemplatesDirectory() throws {
    let root = Fixtures.packageRoot + "/templates"
    var onDisk: [String: String] = [:]
    for case let rel as String in FileManager.default.enumerator(atPath: root) ?? NSEnumerator() {
      let path = root + "/" + rel
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
        rel != "check_templates.py", !rel.contains("__pycache__"), !rel.hasSuffix(".pyc")
      else { continue }
      onDisk[rel] = try String(contentsOfFile: path, encoding: .utf8)
    }
    #expect(!onDisk.isEmpty)
    #expect(onDisk.keys.sorted() == PluginTemplates.files.keys.sorted(), "run scripts/generate-templates")
    for (path, text) in onDisk { #expect(PluginTemplates.files[path] == text, "\(path): run scripts/generate-templates") }
  }

  @Test func everyCategoryHasAModuleAndATestPerAction() {
    for category in PluginCategory.allCases {
      let files = PluginTemplates.files(for: category)
      for action in category.actions {
        let module = action.entrypoint.split(separator: ":")[0].replacingOccurrences(of: ".", with: "/") + ".py"
        #expect(files[module] != nil, "\(category.rawValue): \(module)")
        #expect(files["tests/test_\(action.name).py"] != nil, "\(category.rawValue): tests for \(action.name)")
      }
      for required in ["README.md", "requirements.txt", "pyproject.toml", ".gitignore", ".synapseignore", "plugin/__init__.py"] {
        #expect(files[required] != nil, "\(category.rawValue): \(required)")
      }
    }
  }

  @Test func placeholdersAreQuotedForTheirFileAndExpandedOnce() {
    let spec = PluginSpec(
      name: #"A "b" \ {{code}}"#, code: "abc", description: "x: #y {{py_name}}", category: .custom)
    let renderer = TemplateRenderer(spec: spec)
    #expect(renderer.render("{{py_name}}") == #""A \"b\" \\ {{code}}""#)
    #expect(renderer.render("{{toml_description}}") == #""x: #y {{py_name}}""#)
    #expect(renderer.render("{{name}}|{{code}}|{{unknown}}|{{") == #"A "b" \ {{code}}|abc|{{unknown}}|{{"#)
  }

  @Test func slugsFollowUpstream() {
    #expect(PluginSpec.slug("YOLOv8 Object Detection") == "yolov8-object-detection")
    #expect(PluginSpec.slug("  My__Plugin  v2 ") == "my-plugin-v2")
    #expect(PluginSpec.slug("Ünïcode Ñame") == "ncode-ame")
    #expect(PluginSpec.slug("한국어") == "")
    #expect(PluginSpec.slug("--a--b--") == "a-b")
  }
}
