import Checker

/// A space-time (Lamport) diagram of a message trace: one lane per node, events left to right in
/// trace order, an arrow from each send to its delivery labelled with the message type, dropped
/// messages ending in a red cross, duplicate deliveries dashed, crashes and restarts marked on their
/// lane, and partitions as shaded spans.
public struct MessageDiagram: Sendable {
  public let trace: MessageTrace
  /// Most events drawn; longer traces are windowed (see `start`).
  public var maxEvents: Int
  /// Index of the first event drawn (in the trace's event order); nil starts at the beginning.
  public var start: Int?
  /// Draw only these nodes' lanes (nil: all).
  public var nodes: Set<String>?

  public init(trace: MessageTrace, maxEvents: Int = 400, start: Int? = nil, nodes: Set<String>? = nil) {
    self.trace = trace
    self.maxEvents = maxEvents
    self.start = start
    self.nodes = nodes
  }

  public static let engine = Graphviz.Engine.nop2

  /// Shortens a message summary to its type: `update(request: 2, …)` → `update`.
  static func label(_ summary: String?) -> String {
    guard let summary else { return "" }
    return String(summary.prefix { $0 != "(" }.prefix(24))
  }

  /// The colour of a log line: red for a declaration or an issue, orange for a suspicion, green
  /// when one is withdrawn, grey otherwise.
  static func logColor(_ text: String, isIssue: Bool) -> String {
    let word = text.prefix { $0 != " " }.lowercased()
    if isIssue || ["declare", "dead", "confirm", "kill"].contains(word) { return "red" }
    if ["suspect", "suspicion"].contains(word) { return "darkorange" }
    if ["unsuspect", "revive", "alive", "refute"].contains(word) { return "darkgreen" }
    return "gray40"
  }

  public var dot: String {
    let lanes = trace.nodes.filter { nodes?.contains($0) ?? true }
    let laneIndex = Dictionary(uniqueKeysWithValues: lanes.enumerated().map { ($1, $0) })
    let total = trace.events.count
    let first = min(max(0, start ?? 0), max(0, total - 1))
    let end = min(total, first + maxEvents)
    let shown = total == 0 ? [] : Array(trace.events[first..<end])
    let step = 28.0, laneHeight = 70.0
    func x(_ column: Int) -> Double { 110 + Double(column) * step }
    func y(_ lane: Int) -> Double { Double(lanes.count - 1 - lane) * laneHeight + 40 }
    let width = x(max(shown.count, 1)) + 20

    var out = DotWriter(name: "messages", attributes: [("splines", "false"), ("outputorder", "nodesfirst")])
    out.defaults("node", [("fontname", "Helvetica"), ("fontsize", "9")])
    out.defaults("edge", [("fontname", "Helvetica"), ("fontsize", "8"), ("arrowsize", "0.6")])
    var title = "\(trace.source): \(shown.count) of \(total) events"
    if shown.count < total { title += " (events \(first)–\(end - 1); \(first) before and \(total - end) after not drawn)" }
    if lanes.count < trace.nodes.count { title += ", nodes \(lanes.joined(separator: ","))" }
    out.node("title", [("shape", "plaintext"), ("label", title), ("pos", position(width / 2, Double(lanes.count) * laneHeight + 30))])

    // Partitions first, so they lie underneath: a shaded span from a partition event to the next heal.
    var open: (column: Int, detail: String)?
    var spans: [(Int, Int, String)] = []
    for (column, event) in shown.enumerated() {
      if event.kind == "partition" { if let o = open { spans.append((o.column, column, o.detail)) }; open = (column, event.summary ?? "") }
      if event.kind == "heal", let o = open { spans.append((o.column, column, o.detail)); open = nil }
    }
    if let o = open { spans.append((o.column, shown.count, o.detail)) }
    for (n, (from, to, _)) in spans.enumerated() {
      let w = max(x(to) - x(from), 8)
      out.node("partition\(n)", [
        ("shape", "box"), ("style", "filled"), ("color", "#e8e8f4"), ("fillcolor", "#e8e8f4"), ("label", "partitioned"),
        ("fontcolor", "gray45"), ("labelloc", "t"), ("width", String(w / 72)), ("height", String(Double(lanes.count) * laneHeight / 72)),
        ("fixedsize", "true"), ("pos", position(x(from) + w / 2, Double(lanes.count - 1) * laneHeight / 2 + 40)),
      ])
    }
    for (lane, name) in lanes.enumerated() {
      out.node("lane_\(name)", [("shape", "plaintext"), ("label", name), ("fontsize", "12"), ("pos", position(40, y(lane)))])
      out.node("lane_\(name)_start", [("shape", "point"), ("width", "0.01"), ("pos", position(x(0) - 10, y(lane)))])
      out.node("lane_\(name)_end", [("shape", "point"), ("width", "0.01"), ("pos", position(width, y(lane)))])
      out.edge("lane_\(name)_start", "lane_\(name)_end", [("arrowhead", "none"), ("color", "gray70")])
    }
    var sendNode: [Int: String] = [:]
    var delivered = Set<Int>()
    for (column, event) in shown.enumerated() {
      let id = "e\(first + column)"
      guard let node = event.node, let lane = laneIndex[node] else { continue }
      let at = position(x(column), y(lane))
      switch event.kind {
      case "send":
        out.node(id, [("shape", "point"), ("width", "0.06"), ("pos", at)])
        if let message = event.message { sendNode[message] = id }
      case "deliver":
        out.node(id, [("shape", "circle"), ("label", ""), ("width", "0.08"), ("fixedsize", "true"), ("pos", at)])
        if let message = event.message, let from = sendNode[message] {
          let duplicate = !delivered.insert(message).inserted
          out.edge(from, id, [
            ("label", Self.label(event.summary) + (duplicate ? " (dup)" : "")), ("style", duplicate ? "dashed" : "solid"),
            ("color", duplicate ? "purple" : "black"),
          ])
        }
      case "drop":
        // A drop belongs to the sender's event list; draw the cross on the destination's lane.
        guard let peer = event.peer, let target = laneIndex[peer] else { continue }
        out.node(id, [("shape", "plaintext"), ("label", "✗"), ("fontcolor", "red"), ("fontsize", "14"), ("pos", position(x(column), y(target)))])
        if let message = event.message, let from = sendNode[message] {
          out.edge(from, id, [("color", "red"), ("style", "dashed"), ("label", Self.label(event.summary)), ("fontcolor", "red")])
        }
      case "crash":
        out.node(id, [("shape", "box"), ("label", "crash"), ("color", "red"), ("fontcolor", "red"), ("pos", at)])
      case "restart":
        out.node(id, [("shape", "box"), ("label", "restart"), ("color", "darkgreen"), ("fontcolor", "darkgreen"), ("pos", at)])
      case "timer":
        out.node(id, [("shape", "diamond"), ("label", ""), ("width", "0.1"), ("height", "0.1"), ("fixedsize", "true"), ("color", "gray50"), ("pos", at)])
      case "log", "issue":
        // What a node wrote about itself: suspicions and declarations stand out, other lines are quiet.
        let text = event.detail ?? event.kind
        let color = Self.logColor(text, isIssue: event.kind == "issue")
        out.node(id, [
          ("shape", "box"), ("style", "rounded"), ("label", String(text.prefix(28))), ("fontsize", "8"), ("color", color),
          ("fontcolor", color), ("pos", at),
        ])
      case "invoke", "complete":
        out.node(id, [("shape", "note"), ("label", event.summary ?? event.kind), ("fontsize", "8"), ("color", "blue"), ("fontcolor", "blue"), ("pos", at)])
      default:
        continue
      }
    }
    return out.finished()
  }

  public func render(_ format: Graphviz.Format) throws(DiagramError) -> [UInt8] {
    try Graphviz.render(dot, format: format, engine: Self.engine)
  }
}
