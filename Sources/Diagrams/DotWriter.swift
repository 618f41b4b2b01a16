/// Builds DOT text deterministically: statements and attributes come out in the order written,
/// and every identifier and label is quoted and escaped.
struct DotWriter {
  private(set) var text: String

  init(_ kind: String = "digraph", name: String, attributes: [(String, String)] = []) {
    text = "\(kind) \(Self.quote(name)) {\n"
    for (key, value) in attributes { text += "  \(key)=\(Self.quote(value));\n" }
  }

  static func quote(_ value: String) -> String {
    var out = "\""
    for c in value {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.append(c)
      }
    }
    return out + "\""
  }

  private static func list(_ attributes: [(String, String)]) -> String {
    attributes.isEmpty ? "" : " [" + attributes.map { "\($0.0)=\(quote($0.1))" }.joined(separator: ", ") + "]"
  }

  mutating func defaults(_ kind: String, _ attributes: [(String, String)]) {
    text += "  \(kind)\(Self.list(attributes));\n"
  }

  mutating func node(_ id: String, _ attributes: [(String, String)]) {
    text += "  \(Self.quote(id))\(Self.list(attributes));\n"
  }

  mutating func edge(_ from: String, _ to: String, _ attributes: [(String, String)] = []) {
    text += "  \(Self.quote(from)) -> \(Self.quote(to))\(Self.list(attributes));\n"
  }

  mutating func comment(_ line: String) {
    text += "  // \(line.replacingNewlines())\n"
  }

  mutating func appendRaw(_ line: String) { text += line }

  func finished() -> String { text + "}\n" }
}

extension String {
  func replacingNewlines() -> String { String(map { $0 == "\n" ? " " : $0 }) }
}

/// Coordinates for pinned layouts, in points (72 per inch), as Graphviz's `pos` wants them.
func position(_ x: Double, _ y: Double) -> String {
  "\(Int(x.rounded())),\(Int(y.rounded()))!"
}
