import Foundation
import TestSupport
import Testing

import Pipeline

@testable import Stages

@Suite struct PluginTemplatesTests {
  /// Text files under `root` by relative path, without caches and the skipped names.
  static func tree(_ root: String, skipping: Set<String> = []) throws -> [String: String] {
    var files: [String: String] = [:]
    for case let rel as String in FileManager.default.enumerator(atPath: root) ?? NSEnumerator() {
      let path = root + "/" + rel
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
        !skipping.contains(rel), !rel.contains("__pycache__"), !rel.contains(".benchmarks"), !rel.hasSuffix(".pyc")
      else { continue }
      files[rel] = try String(contentsOfFile: path, encoding: .utf8)
    }
    return files
  }

  /// The binary renders what templates/ holds and runs the runtime runtime/ holds:
  /// scripts/generate-embedded was run after the last edit of either.
  @Test(arguments: ["templates", "runtime/synapse_sdk"])
  func embeddedTreesMatchTheirSources(source: String) throws {
    let onDisk = try Self.tree(Fixtures.packageRoot + "/" + source, skipping: ["check_templates.py"])
    let embedded = source == "templates" ? PluginTemplates.files : PythonRuntime.files
    #expect(!onDisk.isEmpty)
    #expect(onDisk.keys.sorted() == embedded.keys.sorted(), "run scripts/generate-embedded")
    for (path, text) in onDisk { #expect(embedded[path] == text, "\(path): run scripts/generate-embedded") }
  }

  @Test func theRuntimeUnpacksOnceIntoTheCache() throws {
    let cache = try CacheDirectory(path: TemporaryDirectory("cache").path)
    let path = try PythonRuntime.install(in: cache)
    #expect(path.hasSuffix("/runtime/" + PythonRuntime.digest))
    let marker = path + "/synapse_sdk/__init__.py"
    let before = try FileManager.default.attributesOfItem(atPath: marker)[.modificationDate] as? Date
    #expect(try PythonRuntime.install(in: cache) == path)
    #expect(try FileManager.default.attributesOfItem(atPath: marker)[.modificationDate] as? Date == before)
    let check = ProcessRunner.run(
      "python3", ["-c", "import synapse_sdk.plugins, sys; print(synapse_sdk.plugins.__file__)"],
      environment: ["PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.hasPrefix(path + "/synapse_sdk/"))
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
