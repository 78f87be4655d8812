import Discovery
import Foundation
import PythonSource
import Schema
import YAML

/// Builds discovery inputs from in-memory files or fixture directories.
enum DiscoveryTestSupport {
  /// The shared upstream fixtures (`../shared/fixtures/upstream` beside the package).
  static let upstream: String? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let candidates = [
      root.deletingLastPathComponent().appendingPathComponent("shared/fixtures/upstream").path,
    ]
    return candidates.first { FileManager.default.fileExists(atPath: $0) }
  }()

  static var hasUpstream: Bool { upstream != nil }

  /// Discovers actions in files given as (relative path, source text).
  static func discover(_ files: [(String, String)]) -> DiscoveryResult {
    ActionDiscovery.discover(modules: files.map { ($0.0, PythonModuleSummary.scan(Array($0.1.utf8))) })
  }

  /// The `.py` files of a plugin directory, relative paths sorted.
  static func pluginFiles(_ directory: String) throws -> [(path: String, summary: PythonModuleSummary)] {
    var result: [(String, PythonModuleSummary)] = []
    let enumerator = FileManager.default.enumerator(atPath: directory)
    var paths: [String] = []
    while let relative = enumerator?.nextObject() as? String {
      if relative.hasSuffix(".py") { paths.append(relative) }
    }
    for relative in paths.sorted() {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + relative)))
      result.append((relative, PythonModuleSummary.scan(bytes)))
    }
    return result
  }

  /// JSON text of a value with keys in their order (for comparing with Python's `json.dumps`).
  static func json(_ value: OrderedValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .float(let repr):
      return repr == "inf" ? "Infinity" : repr == "-inf" ? "-Infinity" : repr == "nan" ? "NaN" : repr
    case .string(let text): return quote(text)
    case .list(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
    case .dict(let entries):
      return "{" + entries.map { quote($0.key) + ": " + json($0.value) }.joined(separator: ", ") + "}"
    }
  }

  static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}

/// Reads JSON that Python's `json.dumps` wrote into `OrderedValue`, keeping key order and each
/// float's text (Python writes a float as its `repr`, which is what `OrderedValue.float`
/// holds), through the project's own strict JSON reader.
enum OrderedJSON {
  static func parse(_ text: String) throws -> OrderedValue {
    convert(try JSONReader.parse(Array(text.utf8)))
  }

  private static func convert(_ value: YAMLValue) -> OrderedValue {
    switch value {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .int(let number): return .int(number)
    case .float(let text): return .float(text)
    case .string(let text): return .string(text)
    case .sequence(let items): return .list(items.map(convert))
    case .mapping(let pairs): return .dict(pairs.map { OrderedValue.Entry($0.key, convert($0.value)) })
    }
  }
}
