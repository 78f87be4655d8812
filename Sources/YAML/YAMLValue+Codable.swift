/// JSON form of a ``YAMLValue`` that keeps what plain JSON would lose: mapping key order and
/// the int/float distinction. Each value is an object with one key naming its kind.
extension YAMLValue: Codable {
  private enum Kind: String, CodingKey { case n, b, i, f, s, l, m }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Kind.self)
    guard let kind = c.allKeys.first else {
      throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "empty YAML value"))
    }
    switch kind {
    case .n: self = .null
    case .b: self = .bool(try c.decode(Bool.self, forKey: .b))
    case .i: self = .int(try c.decode(Int.self, forKey: .i))
    case .f: self = .float(try c.decode(String.self, forKey: .f))
    case .s: self = .string(try c.decode(String.self, forKey: .s))
    case .l: self = .sequence(try c.decode([YAMLValue].self, forKey: .l))
    case .m:
      let pairs = try c.decode([Pair].self, forKey: .m)
      self = .mapping(pairs.map { (key: $0.k, value: $0.v) })
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Kind.self)
    switch self {
    case .null: try c.encodeNil(forKey: .n)
    case .bool(let b): try c.encode(b, forKey: .b)
    case .int(let i): try c.encode(i, forKey: .i)
    case .float(let f): try c.encode(f, forKey: .f)
    case .string(let s): try c.encode(s, forKey: .s)
    case .sequence(let items): try c.encode(items, forKey: .l)
    case .mapping(let pairs): try c.encode(pairs.map { Pair(k: $0.key, v: $0.value) }, forKey: .m)
    }
  }

  private struct Pair: Codable {
    let k: String
    let v: YAMLValue
  }
}
