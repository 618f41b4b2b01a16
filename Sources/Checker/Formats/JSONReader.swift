/// Reads JSON text into `Value`s, tracking lines and columns so that errors can point at them.
///
/// Object members keep their order; integers that fit in `Int` stay integers.
struct JSONReader {
  private let bytes: [UInt8]
  private var position = 0
  private(set) var line = 1
  private var lineStart = 0
  let file: String

  init(_ text: String, file: String, firstLine: Int = 1) {
    bytes = Array(text.utf8)
    self.file = file
    line = firstLine
  }

  var column: Int { position - lineStart + 1 }
  var isAtEnd: Bool { position >= bytes.count }

  /// Skips white space (and newlines), then reports whether anything is left.
  mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: "\n"):
        position += 1
        line += 1
        lineStart = position
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        position += 1
      default:
        return
      }
    }
  }

  /// Reads one value.
  mutating func readValue() throws(HistoryParseError) -> Value {
    skipWhitespace()
    guard position < bytes.count else { throw error("unexpected end of input") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try readObject()
    case UInt8(ascii: "["): return try readArray()
    case UInt8(ascii: "\""): return .string(try readString())
    case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
    case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
    case UInt8(ascii: "n"): try expectWord("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
    default: throw error("unexpected character '\(Character(UnicodeScalar(bytes[position])))'")
    }
  }

  /// Consumes `byte` if it is next (after white space).
  mutating func consume(_ byte: UInt8) -> Bool {
    skipWhitespace()
    if position < bytes.count && bytes[position] == byte {
      position += 1
      return true
    }
    return false
  }

  func error(_ reason: String) -> HistoryParseError {
    .syntax(file: file, line: line, column: column, reason: reason)
  }

  private mutating func readObject() throws(HistoryParseError) -> Value {
    position += 1
    var entries: [Value.MapEntry] = []
    if consume(UInt8(ascii: "}")) { return .map(entries) }
    repeat {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
      let key = try readString()
      guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after \"\(key)\"") }
      entries.append(Value.MapEntry(.string(key), try readValue()))
    } while consume(UInt8(ascii: ","))
    guard consume(UInt8(ascii: "}")) else { throw error("expected ',' or '}' in object") }
    return .map(entries)
  }

  private mutating func readArray() throws(HistoryParseError) -> Value {
    position += 1
    var elements: [Value] = []
    if consume(UInt8(ascii: "]")) { return .array(elements) }
    repeat { elements.append(try readValue()) } while consume(UInt8(ascii: ","))
    guard consume(UInt8(ascii: "]")) else { throw error("expected ',' or ']' in array") }
    return .array(elements)
  }

  private mutating func readString() throws(HistoryParseError) -> String {
    position += 1
    var scalars: [UInt8] = []
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: scalars, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard let (decoded, length) = StringEscape.decode(bytes, at: position) else {
          throw error("bad escape in string (expected one of \\n \\t \\r \\b \\f \\\" \\\\ \\/ \\uXXXX)")
        }
        scalars.append(contentsOf: decoded)
        position += length
      case UInt8(ascii: "\n"):
        throw error("line break inside a string")
      default:
        scalars.append(byte)
      }
    }
    throw error("unterminated string")
  }

  private mutating func readNumber() throws(HistoryParseError) -> Value {
    let start = position
    var isInteger = true
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"): position += 1
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): isInteger = false; position += 1
      default: break
      }
      if position < bytes.count, !"0123456789-+.eE".utf8.contains(bytes[position]) { break }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    if isInteger, let value = Int(text) { return .int(value) }
    if let value = Double(text) { return .double(value) }
    throw error("bad number '\(text)'")
  }

  private mutating func expectWord(_ word: String) throws(HistoryParseError) {
    let utf8 = Array(word.utf8)
    guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
      throw error("unexpected text (expected \(word))")
    }
    position += utf8.count
  }
}
