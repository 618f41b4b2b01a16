/// A small, deterministic JSON writer for traces and histories.
///
/// Fields come out in the order they are appended; strings are escaped per RFC 8259. It writes
/// into a byte buffer directly, which keeps trace output fast and identical on every run.
struct JSONText {
  var bytes: [UInt8] = []
  private var needsComma = false

  var text: String { String(decoding: bytes, as: UTF8.self) }

  mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
  mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
  mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
  mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }
  mutating func newline() { bytes.append(UInt8(ascii: "\n")); needsComma = false }

  /// Writes `"key":` inside an object.
  mutating func key(_ key: String) {
    separator()
    appendString(key)
    bytes.append(UInt8(ascii: ":"))
    needsComma = false
  }

  mutating func field(_ name: String, _ value: Int) { key(name); append(value) }
  mutating func field(_ name: String, _ value: Int64) { key(name); append(value) }
  mutating func field(_ name: String, _ value: String) { key(name); append(value) }
  mutating func field(_ name: String, _ value: HistoryValue) { key(name); append(value) }

  mutating func append(_ value: Int) { append(Int64(value)) }

  mutating func append(_ value: Int64) {
    separator()
    bytes.append(contentsOf: String(value).utf8)  // small strings do not allocate
    needsComma = true
  }

  /// Writes pre-formatted JSON (e.g. a number) as it is.
  mutating func appendRaw(_ json: String) {
    separator()
    bytes.append(contentsOf: json.utf8)
    needsComma = true
  }

  mutating func append(_ value: String) {
    separator()
    appendString(value)
    needsComma = true
  }

  mutating func append(_ value: HistoryValue) {
    switch value {
    case .null: separator(); bytes.append(contentsOf: "null".utf8); needsComma = true
    case .bool(let b): separator(); bytes.append(contentsOf: (b ? "true" : "false").utf8); needsComma = true
    case .int(let i): append(i)
    case .string(let s): append(s)
    case .array(let elements):
      beginArray()
      for element in elements { append(element) }
      endArray()
    case .object(let members):
      beginObject()
      for (name, member) in members { key(name); append(member) }
      endObject()
    }
  }

  private mutating func separator() {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
  }

  private mutating func appendString(_ string: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in string.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
      case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
      case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
