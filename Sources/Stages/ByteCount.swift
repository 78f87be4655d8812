/// Human byte counts: parsing `512K`/`2G`/`1.5GiB` and printing `12.4 KiB`.
public enum ByteCount {
  public struct ParseError: Error, CustomStringConvertible {
    public let text: String
    public let source: String
    public var description: String {
      "\(source): '\(text)' is not a size; use a number with an optional K, M or G suffix"
    }
  }

  public static func parse(_ text: String) -> Int? {
    var s = Substring(text.uppercased())
    for suffix in ["IB", "B"] where s.hasSuffix(suffix) {
      s = s.dropLast(suffix.count)
      break
    }
    var multiplier = 1.0
    if let last = s.last, let m = ["K": 1024.0, "M": 1048576.0, "G": 1073741824.0, "T": 1099511627776.0][String(last)] {
      multiplier = m
      s = s.dropLast()
    }
    guard let n = Double(s), n >= 0 else { return nil }
    return Int(n * multiplier)
  }

  public static func format(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) B" }
    var value = Double(bytes)
    for unit in ["KiB", "MiB", "GiB", "TiB"] {
      value /= 1024
      if value < 1024 || unit == "TiB" {
        let tenths = (value * 10).rounded() / 10
        return "\(tenths) \(unit)"
      }
    }
    return "\(bytes) B"
  }
}
