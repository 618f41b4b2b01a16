/// A message trace in DistLab's format (`distlab-trace/1`, see Traces/README.md): what each node
/// did, in order, and which send each delivery belongs to.
///
/// The checker reads the file itself rather than the simulator's types, so traces from any tool
/// that writes this format can be checked.
public struct MessageTrace: Sendable {
  /// One event of the trace.
  public struct Event: Sendable, Hashable {
    /// Position in the trace (the `index` field).
    public var index: Int
    /// Virtual time in nanoseconds.
    public var time: Int64
    /// `send`, `deliver`, `timer`, `drop`, …
    public var kind: String
    /// The node it happened at (nil for cluster events).
    public var node: String?
    /// The other end of a message.
    public var peer: String?
    /// The message ID shared by a send and its deliveries.
    public var message: Int?
    /// The message or timer as text.
    public var summary: String?
    /// Free text: a log line's words, a drop's reason, the links a partition blocks.
    public var detail: String? = nil
    /// Line in the file.
    public var line: Int
  }

  /// Every node, in the header's order.
  public var nodes: [String]
  /// The events, in trace order.
  public var events: [Event]
  /// Where it came from, for messages.
  public var source: String

  /// Kinds that happen at a node and so take part in its causal order.
  static let nodeEventKinds: Set<String> = [
    "start", "send", "deliver", "timer", "crash", "restart", "clock", "log", "invoke", "complete", "issue",
  ]

  /// Reads trace text.
  ///
  /// - Throws: `HistoryParseError` naming the line and field of anything malformed.
  public static func parse(_ text: String, file: String = "<trace>") throws(HistoryParseError) -> MessageTrace {
    var reader = JSONReader(text, file: file)
    var nodes: [String]?
    var events: [Event] = []
    while true {
      reader.skipWhitespace()
      if reader.isAtEnd { break }
      let line = reader.line
      let value = try reader.readValue()
      guard case .map = value else {
        throw .badField(file: file, line: line, field: "(event)", expected: "an object", found: value.kindName)
      }
      guard let kind = value["kind"]?.stringValue else { throw .missingField(file: file, line: line, field: "kind") }
      if kind == "header" {
        guard let format = value["format"]?.stringValue, format == "distlab-trace/1" else {
          throw .badField(file: file, line: line, field: "format", expected: "distlab-trace/1", found: value["format"]?.description ?? "nothing")
        }
        guard let names = value["nodes"]?.arrayValue?.compactMap(\.stringValue) else {
          throw .missingField(file: file, line: line, field: "nodes")
        }
        nodes = names
        continue
      }
      guard nodes != nil else {
        throw .syntax(file: file, line: line, column: nil, reason: "the trace must start with its header line")
      }
      guard let index = value["index"]?.intValue else { throw .missingField(file: file, line: line, field: "index") }
      guard let time = value["time"]?.intValue else { throw .missingField(file: file, line: line, field: "time") }
      let node = value["node"]?.stringValue
      if let node, !nodes!.contains(node) {
        throw .badField(file: file, line: line, field: "node", expected: "a node named in the header", found: "\"\(node)\"")
      }
      if (kind == "send" || kind == "deliver"), value["msg"]?.intValue == nil {
        throw .missingField(file: file, line: line, field: "msg")
      }
      events.append(
        Event(
          index: index, time: Int64(time), kind: kind, node: node, peer: value["peer"]?.stringValue,
          message: value["msg"]?.intValue, summary: value["summary"]?.stringValue, detail: value["detail"]?.stringValue,
          line: line))
    }
    guard let nodes else { throw .syntax(file: file, line: 1, column: nil, reason: "no header line (an empty trace?)") }
    return MessageTrace(nodes: nodes, events: events, source: file)
  }
}
