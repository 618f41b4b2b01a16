/// Jepsen histories in EDN: op maps such as `{:process 4, :type :ok, :f :read, :value 3}`, one per
/// line, spread over several lines, or inside a top-level vector or list.
///
/// Each op's line is the line of its opening `{`; the nemesis's ops are skipped.
enum EDNHistoryFormat {
  /// Reads every op map in `text` and pairs invocations with completions.
  static func parse(_ text: String, file: String) throws(HistoryParseError) -> History {
    var reader = EDNReader(text, file: file)
    var fields = OpFields(file: file)
    var events: [HistoryEvent] = []
    while true {
      try reader.skipIgnored()
      guard let next = reader.peek else { break }
      let close: UInt8? =
        switch next {
        case UInt8(ascii: "["): UInt8(ascii: "]")
        case UInt8(ascii: "("): UInt8(ascii: ")")
        default: nil
        }
      guard let close else {
        try readOp(&reader, &fields, into: &events)
        continue
      }
      // A vector or list of ops: read its members one by one to keep their lines.
      let start = reader.location
      _ = reader.consume(next)
      while true {
        try reader.skipIgnored()
        guard let member = reader.peek else {
          throw reader.error("unterminated list of operations: no '\(Character(UnicodeScalar(close)))' closes it", at: start)
        }
        if reader.consume(close) { break }
        if member == UInt8(ascii: "]") || member == UInt8(ascii: ")") || member == UInt8(ascii: "}") {
          throw reader.error("unexpected '\(Character(UnicodeScalar(member)))' in the list of operations")
        }
        try readOp(&reader, &fields, into: &events)
      }
    }
    return try HistoryEvent.pair(events, file: file)
  }

  /// Reads one op form and appends its event, unless it belongs to the nemesis.
  private static func readOp(_ reader: inout EDNReader, _ fields: inout OpFields, into events: inout [HistoryEvent])
    throws(HistoryParseError)
  {
    let line = reader.line
    let form = try reader.readValue()
    if let event = try fields.event(from: form, line: line) { events.append(event) }
  }
}
