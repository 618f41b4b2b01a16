/// Jepsen's text log, as a test prints its ops while it runs:
/// `INFO  jepsen.util - 7\t:invoke\t:cas\t[2 4]`, optionally followed by an error such as `:timed-out`.
///
/// An op line holds a process, a type, a function and a value (one EDN form), separated by tabs or
/// spaces, after whatever prefix the logger wrote. Other lines are skipped, and so are the nemesis's ops.
enum JepsenLogFormat {
  /// What one line of the log holds.
  private enum LineContent {
    case other
    case nemesis
    case event(HistoryEvent)
  }

  private static let types: Set<String> = [":invoke", ":ok", ":fail", ":info"]

  /// Reads every op line of `text` and pairs invocations with completions.
  static func parse(_ text: String, file: String) throws(HistoryParseError) -> History {
    var events: [HistoryEvent] = []
    var sawOp = false
    for (index, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      switch try content(of: Array(line), number: index + 1, file: file) {
      case .other: continue
      case .nemesis: sawOp = true
      case .event(let event):
        sawOp = true
        events.append(event)
      }
    }
    guard sawOp else {
      throw .unknownFormat(
        file: file, reason: "no Jepsen op lines found (expected lines like 'INFO  jepsen.util - 3\t:invoke\t:read\tnil')")
    }
    return try HistoryEvent.pair(events, file: file)
  }

  /// Finds the op in one line: the first type keyword preceded by a process (an integer or
  /// `:nemesis`), then the function, the value and an optional error.
  private static func content(of bytes: [UInt8], number: Int, file: String) throws(HistoryParseError) -> LineContent {
    let tokens = tokenRanges(bytes)
    func text(_ index: Int) -> String { String(decoding: bytes[tokens[index]], as: UTF8.self) }
    guard
      let typeIndex = tokens.indices.dropFirst().first(where: {
        types.contains(text($0)) && (Int(text($0 - 1)) != nil || text($0 - 1) == ":nemesis")
      })
    else { return .other }
    guard let process = Int(text(typeIndex - 1)) else { return .nemesis }
    let typeName = text(typeIndex)
    let kind = HistoryEvent.Kind(rawValue: String(typeName.dropFirst()))!

    let restStart = tokens[typeIndex].upperBound
    var reader = EDNReader(
      String(decoding: bytes[restStart...], as: UTF8.self), file: file, line: number,
      column: column(of: restStart, in: bytes))
    try reader.skipIgnored()
    guard reader.peek == UInt8(ascii: ":") else {
      throw reader.error(
        reader.isAtEnd ? "missing the function after \(typeName)" : "expected the function (a keyword) after \(typeName)")
    }
    guard let function = try reader.readValue().stringValue else {
      throw reader.error("expected the function (a keyword) after \(typeName)")
    }
    try reader.skipIgnored()
    guard !reader.isAtEnd else { throw reader.error("missing the value after :\(function)") }
    let value = try reader.readValue()
    let noteStart = restStart + reader.position
    let note = self.note(bytes[noteStart...], file: file)
    return .event(HistoryEvent(kind: kind, process: process, function: function, value: value, line: number, note: note))
  }

  /// The error after the value: a keyword, symbol or string as its text, anything else as written.
  private static func note(_ bytes: ArraySlice<UInt8>, file: String) -> String? {
    let trimmed = bytes.drop(while: isBlank).reversed().drop(while: isBlank).reversed()
    guard !trimmed.isEmpty else { return nil }
    let text = String(decoding: trimmed, as: UTF8.self)
    var reader = EDNReader(text, file: file)
    do {
      let form = try reader.readValue()
      try reader.skipIgnored()
      if reader.isAtEnd, let word = form.stringValue { return word }
    } catch {
      // Free text, not an EDN form.
    }
    return text
  }

  /// The byte ranges of the words of a line, split at spaces and tabs.
  private static func tokenRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start: Int?
    for (offset, byte) in bytes.enumerated() {
      if isBlank(byte) {
        if let first = start { ranges.append(first..<offset) }
        start = nil
      } else if start == nil {
        start = offset
      }
    }
    if let first = start { ranges.append(first..<bytes.count) }
    return ranges
  }

  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
  }

  /// The 1-based character column of a byte offset.
  private static func column(of offset: Int, in bytes: [UInt8]) -> Int {
    bytes[..<offset].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
  }
}
