/// One problem in a config file, positioned like a compiler diagnostic.
public struct ConfigDiagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
  public let file: String
  public let line: Int?
  public let column: Int?
  public let message: String

  public init(file: String, line: Int?, column: Int?, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String {
    switch (line, column) {
    case (let l?, let c?): return "\(file):\(l):\(c): \(message)"
    case (let l?, nil): return "\(file):\(l): \(message)"
    default: return "\(file): \(message)"
    }
  }
}
