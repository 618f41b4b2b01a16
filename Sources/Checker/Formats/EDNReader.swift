/// Reads EDN text into `Value`s, tracking lines and columns so that errors can point at them.
///
/// Keywords (`:foo`, `:foo/bar`) and symbols become strings without the colon; lists, vectors and
/// sets become arrays; maps keep their order. Tagged literals (`#inst "…"`, `#uuid "…"`, any other
/// `#tag form`) read as their form. Integers too large for `Int` become doubles, as in `JSONReader`.
struct EDNReader {
  /// A place in the source text; columns count characters from 1.
  struct Location: Hashable, Sendable {
    var line: Int
    var column: Int
  }

  private let bytes: [UInt8]
  private(set) var position = 0
  private(set) var line: Int
  private var lineStart = 0
  private let firstLine: Int
  private let firstColumn: Int
  let file: String

  /// A reader over `text`, whose first character sits at `line` and `column` of `file`.
  init(_ text: some StringProtocol, file: String, line: Int = 1, column: Int = 1) {
    bytes = Array(text.utf8)
    self.file = file
    self.line = line
    firstLine = line
    firstColumn = column
  }

  var isAtEnd: Bool { position >= bytes.count }

  /// The next byte, without consuming it.
  var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

  /// Where the next byte is.
  var location: Location {
    let characters = bytes[lineStart..<position].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    return Location(line: line, column: characters + (line == firstLine ? firstColumn : 1))
  }

  /// A syntax error at `location`, or at the current position.
  func error(_ reason: String, at location: Location? = nil) -> HistoryParseError {
    let place = location ?? self.location
    return .syntax(file: file, line: place.line, column: place.column, reason: reason)
  }

  /// Consumes `byte` if it is next.
  mutating func consume(_ byte: UInt8) -> Bool {
    guard peek == byte else { return false }
    position += 1
    return true
  }

  /// Skips what EDN ignores between forms: white space, commas, `;` comments and `#_` discards.
  mutating func skipIgnored() throws(HistoryParseError) {
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: "\n"):
        position += 1
        line += 1
        lineStart = position
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ","), 0x0C:
        position += 1
      case UInt8(ascii: ";"):
        while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
      case UInt8(ascii: "#") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "_"):
        let start = location
        position += 2
        try skipIgnored()
        guard let next = peek, !Self.isClosing(next) else { throw error("'#_' has no form to discard", at: start) }
        _ = try readValue()
      default:
        return
      }
    }
  }

  /// Reads one form, skipping what comes before it.
  mutating func readValue() throws(HistoryParseError) -> Value {
    try skipIgnored()
    guard let byte = peek else { throw error("unexpected end of input") }
    let start = location
    switch byte {
    case UInt8(ascii: "{"):
      position += 1
      return try readMap(from: start)
    case UInt8(ascii: "["):
      position += 1
      return .array(try readElements(until: UInt8(ascii: "]"), kind: "vector", from: start))
    case UInt8(ascii: "("):
      position += 1
      return .array(try readElements(until: UInt8(ascii: ")"), kind: "list", from: start))
    case UInt8(ascii: "\""):
      return .string(try readString())
    case UInt8(ascii: "#"):
      return try readDispatch()
    case UInt8(ascii: ":"):
      return .string(try readKeyword())
    case UInt8(ascii: "\\"):
      return .string(try readCharacter())
    case _ where Self.isClosing(byte):
      throw error("unexpected '\(Character(UnicodeScalar(byte)))' with nothing open to close")
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      return try readNumber()
    case _ where (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && position + 1 < bytes.count
      && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position + 1]):
      return try readNumber()
    case _ where Self.isSymbolStart(byte):
      let token = readToken()
      try checkName(token, keyword: false, at: start)
      switch token {
      case "nil": return .null
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: return .string(token)
      }
    default:
      throw error("unexpected character \(describeCharacter())")
    }
  }

  // MARK: Collections

  private mutating func readElements(until close: UInt8, kind: String, from start: Location) throws(HistoryParseError)
    -> [Value]
  {
    var elements: [Value] = []
    while true {
      try skipIgnored()
      guard let next = peek else {
        throw error("unterminated \(kind): no '\(Character(UnicodeScalar(close)))' closes the one opened here", at: start)
      }
      if next == close {
        position += 1
        return elements
      }
      if Self.isClosing(next) {
        let opened = "line \(start.line), column \(start.column)"
        throw error("unexpected '\(Character(UnicodeScalar(next)))' inside the \(kind) opened at \(opened)")
      }
      elements.append(try readValue())
    }
  }

  private mutating func readMap(from start: Location) throws(HistoryParseError) -> Value {
    let forms = try readElements(until: UInt8(ascii: "}"), kind: "map", from: start)
    guard forms.count % 2 == 0 else {
      throw error("map has an odd number of forms (\(forms.count)): every key needs a value", at: start)
    }
    return .map(stride(from: 0, to: forms.count, by: 2).map { Value.MapEntry(forms[$0], forms[$0 + 1]) })
  }

  /// Reads what follows `#`: a set, a symbolic value (`##Inf`) or a tagged literal.
  private mutating func readDispatch() throws(HistoryParseError) -> Value {
    let start = location
    position += 1
    guard let next = peek else { throw error("'#' at the end of input", at: start) }
    if next == UInt8(ascii: "{") {
      position += 1
      return .array(try readElements(until: UInt8(ascii: "}"), kind: "set", from: start))
    }
    if next == UInt8(ascii: "#") {
      position += 1
      switch readToken() {
      case "Inf": return .double(.infinity)
      case "-Inf": return .double(-.infinity)
      case "NaN": return .double(.nan)
      case let other: throw error("unknown symbolic value '##\(other)'", at: start)
      }
    }
    guard Self.isSymbolStart(next) else {
      throw error("unexpected character \(describeCharacter()) after '#'")
    }
    let tag = readToken()
    try checkName(tag, keyword: false, at: start)
    try skipIgnored()
    guard let following = peek, !Self.isClosing(following) else { throw error("tag '#\(tag)' has no form", at: start) }
    let formStart = location
    let form = try readValue()
    if (tag == "inst" || tag == "uuid") && following != UInt8(ascii: "\"") {
      throw error("'#\(tag)' needs a string in quotes", at: formStart)
    }
    return form
  }

  // MARK: Atoms

  private mutating func readString() throws(HistoryParseError) -> String {
    let start = location
    position += 1
    var utf8: [UInt8] = []
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: utf8, as: UTF8.self)
      case UInt8(ascii: "\n"):
        utf8.append(byte)
        line += 1
        lineStart = position
      case UInt8(ascii: "\\"):
        guard position < bytes.count else { break }
        if let (decoded, length) = StringEscape.decode(bytes, at: position) {
          utf8.append(contentsOf: decoded)
          position += length
        } else if bytes[position] == UInt8(ascii: "u") {
          throw error("bad '\\u' escape in string: expected 4 hex digits")
        } else {
          let shown = describeCharacter(quoted: false)
          position -= 1
          throw error("unknown escape '\\\(shown)' in string")
        }
      default:
        utf8.append(byte)
      }
    }
    throw error("unterminated string: no '\"' closes the one opened here", at: start)
  }

  private mutating func readKeyword() throws(HistoryParseError) -> String {
    let start = location
    position += 1
    let name = readToken()
    guard !name.isEmpty else { throw error("bad keyword: ':' must be followed by a name", at: start) }
    guard !name.hasPrefix(":") else { throw error("bad keyword ':\(name)': '::' keywords are not EDN", at: start) }
    try checkName(name, keyword: true, at: start)
    return name
  }

  /// Reads a character literal such as `\a`, `\newline` or `\u00e9`.
  private mutating func readCharacter() throws(HistoryParseError) -> String {
    let start = location
    position += 1
    guard position < bytes.count else { throw error("'\\' at the end of input", at: start) }
    let first = position
    position += 1
    while position < bytes.count && bytes[position] & 0xC0 == 0x80 { position += 1 }
    while position < bytes.count && !Self.isDelimiter(bytes[position]) { position += 1 }
    let name = String(decoding: bytes[first..<position], as: UTF8.self)
    switch name {
    case "newline": return "\n"
    case "space": return " "
    case "tab": return "\t"
    case "return": return "\r"
    case "formfeed": return "\u{0C}"
    case "backspace": return "\u{08}"
    case _ where name.count == 1: return name
    case _ where name.count == 5 && name.hasPrefix("u"):
      if let scalar = hexScalar(at: first + 1) { return String(Character(scalar)) }
      throw error("bad character '\\\(name)'", at: start)
    default:
      throw error("unknown character name '\\\(name)'", at: start)
    }
  }

  private mutating func readNumber() throws(HistoryParseError) -> Value {
    let start = location
    let token = readToken()
    var digits = Substring(token)
    var isInteger = true
    if digits.hasSuffix("N") {
      digits = digits.dropLast()
    } else if digits.hasSuffix("M") {
      digits = digits.dropLast()
      isInteger = false
    }
    guard Self.isDecimal(digits) else { throw error("bad number '\(token)'", at: start) }
    if digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { isInteger = false }
    if isInteger {
      let unsigned = digits.drop { $0 == "+" || $0 == "-" }
      if unsigned.count > 1 && unsigned.hasPrefix("0") {
        throw error("bad number '\(token)': EDN integers have no leading zeros", at: start)
      }
      if let value = Int(digits) { return .int(value) }
    }
    guard let value = Double(digits) else { throw error("bad number '\(token)'", at: start) }
    return .double(value)
  }

  /// True for `[+-]digits[.digits][(e|E)[+-]digits]`.
  private static func isDecimal(_ text: Substring) -> Bool {
    var rest = text.utf8[...]
    func digitRun() -> Int {
      let count = rest.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
      rest = rest.dropFirst(count)
      return count
    }
    if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
    guard digitRun() > 0 else { return false }
    if rest.first == UInt8(ascii: ".") {
      rest = rest.dropFirst()
      _ = digitRun()
    }
    if rest.first == UInt8(ascii: "e") || rest.first == UInt8(ascii: "E") {
      rest = rest.dropFirst()
      if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
      guard digitRun() > 0 else { return false }
    }
    return rest.isEmpty
  }

  // MARK: Tokens

  /// Reads bytes up to the next delimiter.
  private mutating func readToken() -> String {
    let start = position
    while position < bytes.count && !Self.isDelimiter(bytes[position]) { position += 1 }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  /// Checks a symbol, tag or keyword name (without its colon): allowed characters, and at most one
  /// `/` with text on both sides.
  private func checkName(_ name: String, keyword: Bool, at start: Location) throws(HistoryParseError) {
    let what = keyword ? "keyword ':\(name)'" : "symbol '\(name)'"
    if let bad = name.unicodeScalars.first(where: { $0.isASCII && !Self.isSymbolByte(UInt8($0.value)) }) {
      throw error("bad \(what): unexpected character '\(bad)'", at: start)
    }
    if name == "/" && !keyword { return }
    let utf8 = Array(name.utf8)
    if !keyword, utf8.count > 1, ".+-".utf8.contains(utf8[0]),
      (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[1])
    {
      let first = Character(UnicodeScalar(utf8[0]))
      throw error("bad \(what): a symbol starting with '\(first)' cannot go on with a digit", at: start)
    }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
      throw error("bad \(what): '/' must separate a non-empty prefix and name, once", at: start)
    }
  }

  private func hexScalar(at offset: Int) -> Unicode.Scalar? {
    guard offset + 4 <= bytes.count,
      let code = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
    else { return nil }
    return Unicode.Scalar(code)
  }

  /// The character at the current position, quoted for a message.
  private func describeCharacter(quoted: Bool = true) -> String {
    let text = String(decoding: bytes[position..<min(position + 4, bytes.count)], as: UTF8.self)
    guard let scalar = text.unicodeScalars.first else { return "end of input" }
    let shown =
      scalar.properties.generalCategory == .control
      ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : String(scalar)
    return quoted ? "'\(shown)'" : shown
  }

  private static func isClosing(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
  }

  private static func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0C, UInt8(ascii: ","),
      UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
      UInt8(ascii: "\""), UInt8(ascii: ";"):
      true
    default: false
    }
  }

  /// Bytes allowed inside symbols and keywords; non-ASCII bytes are allowed too.
  private static func isSymbolByte(_ byte: UInt8) -> Bool {
    if byte >= 0x80 { return true }
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return ".*+!-_?$%&=<>/:#'".utf8.contains(byte)
    }
  }

  /// Bytes that may begin a symbol (digits, `:`, `#` and `'` may not).
  private static func isSymbolStart(_ byte: UInt8) -> Bool {
    isSymbolByte(byte) && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) && !":#'".utf8.contains(byte)
  }
}
