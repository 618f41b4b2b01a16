/// Writes `Value`s as JSON text: members in order, strings escaped, doubles in shortest form.
public enum JSONWriter {
  /// The value as compact JSON.
  public static func text(_ value: Value) -> String {
    var out = ""
    write(value, into: &out)
    return out
  }

  static func write(_ value: Value, into out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): out += d.isFinite ? String(d) : "null"
    case .string(let s): writeString(s, into: &out)
    case .array(let elements):
      out += "["
      for (i, element) in elements.enumerated() {
        if i > 0 { out += "," }
        write(element, into: &out)
      }
      out += "]"
    case .map(let entries):
      out += "{"
      for (i, entry) in entries.enumerated() {
        if i > 0 { out += "," }
        writeString(entry.key.stringValue ?? entry.key.description, into: &out)
        out += ":"
        write(entry.value, into: &out)
      }
      out += "}"
    }
  }

  static func writeString(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}

extension Value {
  /// Builds a map from string keys, in the order given.
  public static func object(_ members: KeyValuePairs<String, Value>) -> Value {
    .map(members.map { MapEntry(.string($0.key), $0.value) })
  }
}
