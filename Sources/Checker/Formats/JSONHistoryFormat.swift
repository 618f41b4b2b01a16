/// The project's JSON and JSON Lines histories in Jepsen's op schema:
/// `{"type":"invoke","process":3,"f":"write","value":4,"time":1200}`, one object per line, or a
/// JSON array of such objects.
enum JSONHistoryFormat {
  static func parse(_ text: String, file: String) throws(HistoryParseError) -> History {
    var reader = JSONReader(text, file: file)
    var fields = OpFields(file: file)
    var events: [HistoryEvent] = []
    reader.skipWhitespace()
    let isArray = reader.consume(UInt8(ascii: "["))
    if isArray && reader.consume(UInt8(ascii: "]")) { return History(operations: [], source: file) }
    while true {
      reader.skipWhitespace()
      if reader.isAtEnd {
        if isArray { throw reader.error("unterminated array: expected ']'") }
        break
      }
      let line = reader.line
      let value = try reader.readValue()
      if let event = try fields.event(from: value, line: line) { events.append(event) }
      if isArray {
        if reader.consume(UInt8(ascii: ",")) { continue }
        guard reader.consume(UInt8(ascii: "]")) else { throw reader.error("expected ',' or ']' between operations") }
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw reader.error("text after the closing ']'") }
        break
      }
    }
    return try HistoryEvent.pair(events, file: file)
  }
}
