import Checker

/// A history as a picture: one lane per process, each operation a box from its invocation to its
/// completion, pending ones drawn open-ended and dashed. A linearization is drawn as numbered
/// arrows; for a violation, the furthest partial linearization is drawn and the operation that
/// cannot be placed is red.
///
/// Coordinates are pinned (Graphviz engine `nop2`): x follows the history's event order, so the
/// picture shows real-time precedence exactly.
public struct HistoryDiagram: Sendable {
  public let history: History
  public let result: LinearizabilityResult?
  /// Most operations drawn; larger histories are windowed around the violation (or their start).
  public var maxOperations: Int
  /// Faults to mark under the lanes (from the run's trace), in the history's clock.
  public var faults: [FaultSpan]

  /// A fault that lasted a while: a crash until the restart, a partition until the heal.
  public struct FaultSpan: Sendable, Hashable {
    public var label: String
    /// Start and end in nanoseconds (the history's `time` clock); end nil while it lasts to the end.
    public var start: Int64
    public var end: Int64?

    public init(label: String, start: Int64, end: Int64?) {
      self.label = label
      self.start = start
      self.end = end
    }

    /// The crash-to-restart and partition-to-heal spans of a simulator trace.
    public static func spans(in trace: MessageTrace) -> [FaultSpan] {
      var spans: [FaultSpan] = []
      var crashed: [String: Int64] = [:]
      var partitioned: Int64?
      for event in trace.events {
        switch event.kind {
        case "crash": if let node = event.node { crashed[node] = event.time }
        case "restart":
          if let node = event.node, let start = crashed.removeValue(forKey: node) {
            spans.append(FaultSpan(label: "\(node) down", start: start, end: event.time))
          }
        case "partition": partitioned = partitioned ?? event.time
        case "heal":
          if let start = partitioned { spans.append(FaultSpan(label: "partition", start: start, end: event.time)) }
          partitioned = nil
        default: break
        }
      }
      for (node, start) in crashed.sorted(by: { $0.key < $1.key }) { spans.append(FaultSpan(label: "\(node) down", start: start, end: nil)) }
      if let start = partitioned { spans.append(FaultSpan(label: "partition", start: start, end: nil)) }
      return spans.sorted { ($0.start, $0.label) < ($1.start, $1.label) }
    }
  }

  public init(history: History, result: LinearizabilityResult? = nil, maxOperations: Int = 80, faults: [FaultSpan] = []) {
    self.history = history
    self.result = result
    self.maxOperations = maxOperations
    self.faults = faults
  }

  /// The layout engine the DOT is meant for.
  public static let engine = Graphviz.Engine.nop2

  /// The picture as DOT text (deterministic: the same input gives the same bytes).
  public var dot: String {
    let all = history.operations
    let counterexample = result?.counterexample
    let focus = Set(counterexample?.operations ?? [])
    // Window: the operations around the violation, or the first ones.
    var shown = all
    var note: String?
    if all.count > maxOperations {
      let anchor = focus.isEmpty ? 0 : (all.firstIndex { focus.contains($0.id) } ?? 0)
      let start = max(0, min(anchor - maxOperations / 4, all.count - maxOperations))
      shown = Array(all[start..<(start + maxOperations)])
      note = "showing operations \(start)–\(start + maxOperations - 1) of \(all.count): \(start) before and \(all.count - start - maxOperations) after are not drawn"
    }
    let processes = Array(Set(shown.map(\.process))).sorted()
    let lane = Dictionary(uniqueKeysWithValues: processes.enumerated().map { ($1, $0) })
    let first = shown.map(\.call).min() ?? 0
    let last = shown.compactMap(\.returnPosition).max() ?? shown.map(\.call).max() ?? 0
    let step = 52.0, laneHeight = 64.0
    func x(_ position: Int) -> Double { 120 + Double(position - first) * step }
    func y(_ process: Int) -> Double { Double(processes.count - 1 - lane[process]!) * laneHeight + 40 }

    var out = DotWriter(name: "history", attributes: [("splines", "true"), ("outputorder", "edgesfirst")])
    out.defaults("node", [("shape", "box"), ("fontname", "Helvetica"), ("fontsize", "10"), ("fixedsize", "true"), ("height", "0.42")])
    out.defaults("edge", [("fontname", "Helvetica"), ("fontsize", "9")])
    let verdict = result.map { r -> String in
      switch r.verdict {
      case .linearizable: "linearizable"
      case .notLinearizable: "NOT linearizable"
      case .unknown: "unknown"
      }
    }
    out.node("title", [
      ("shape", "plaintext"), ("fixedsize", "false"), ("fontsize", "12"),
      ("label", "\(history.source)\(verdict.map { " — \($0) (\(result!.model))" } ?? "")"),
      ("pos", position(x(first) + 200, Double(processes.count) * laneHeight + 40)),
    ])
    if let note {
      out.node("window", [("shape", "plaintext"), ("fixedsize", "false"), ("fontcolor", "gray40"), ("label", note), ("pos", position(x(first) + 200, 0))])
    }
    for process in processes {
      out.node("lane\(process)", [("shape", "plaintext"), ("fixedsize", "false"), ("label", "process \(process)"), ("pos", position(40, y(process)))])
    }
    let unplaceable = counterexample?.unplaceable
    for op in shown {
      let end = op.returnPosition ?? (last + 1)
      let width = max(Double(end - op.call) * step - 8, 44)
      var label = "\(op.function)\(op.key.map { " \($0)" } ?? "") \(op.input == .null ? "" : op.input.description)"
      switch op.status {
      case .ok: label += "\n→ \(op.output.map { $0 == op.input ? "ok" : $0.description } ?? "ok (result unknown)")"
      case .fail: label += "\n→ fail"
      case .pending: label += "\n→ ? (pending)"
      }
      var attributes: [(String, String)] = [
        ("label", label), ("width", String(width / 72)),
        ("pos", position((x(op.call) + x(end)) / 2, y(op.process))),
      ]
      if op.status == .pending { attributes.append(("style", "dashed")) }
      if op.status == .fail { attributes.append(("color", "gray50")); attributes.append(("fontcolor", "gray50")) }
      if op.id == unplaceable {
        attributes += [("color", "red"), ("penwidth", "2"), ("style", "filled"), ("fillcolor", "#ffd6d6"), ("fontcolor", "red3")]
        attributes.append(("xlabel", "cannot be placed"))
      }
      out.node("op\(op.id)", attributes)
    }
    // Faults, one row each under the lanes, placed by time on the history's event axis.
    var clock: [(time: Int64, position: Int)] = []
    for op in shown {
      if let t = op.callTime { clock.append((t, op.call)) }
      if let t = op.returnTime, let p = op.returnPosition { clock.append((t, p)) }
    }
    clock.sort { $0.time < $1.time }
    func place(_ time: Int64?) -> Double {
      guard let time else { return x(last + 1) }
      guard let after = clock.firstIndex(where: { $0.time > time }) else { return x(clock.last?.position ?? last) + step / 2 }
      return after == 0 ? x(clock[0].position) - step / 2 : x(clock[after - 1].position) + step / 2
    }
    if !clock.isEmpty {
      for (row, fault) in faults.enumerated() {
        let from = place(fault.start), to = max(place(fault.end), from + 8)
        guard to > x(first) - step, from < x(last + 1) + step else { continue }
        out.node("fault\(row)", [
          ("shape", "box"), ("style", "filled"), ("color", "#f4c6c6"), ("fillcolor", "#f9e0e0"), ("fontcolor", "red4"),
          ("label", fault.label + (fault.end == nil ? " (to the end)" : "")), ("height", "0.25"),
          ("width", String((to - from) / 72)), ("pos", position((from + to) / 2, -10 - Double(row) * 22)),
        ])
      }
    }
    // The order: a linearization, or the furthest partial one before the violation.
    let visible = Set(shown.map(\.id))
    let order: [Int] = counterexample?.furthest.first?.map(\.operation) ?? result?.linearizations.first ?? []
    let color = counterexample == nil ? "blue" : "darkorange2"
    for (n, (a, b)) in zip(order, order.dropFirst()).enumerated() where visible.contains(a) && visible.contains(b) {
      out.edge("op\(a)", "op\(b)", [("color", color), ("style", "dashed"), ("label", "\(n + 1)"), ("fontcolor", color)])
    }
    if let unplaceable, let lastPlaced = order.last, visible.contains(unplaceable), visible.contains(lastPlaced) {
      out.edge("op\(lastPlaced)", "op\(unplaceable)", [("color", "red"), ("style", "bold"), ("label", "✗"), ("fontcolor", "red")])
    }
    return out.finished()
  }

  /// Renders the picture.
  public func render(_ format: Graphviz.Format) throws(DiagramError) -> [UInt8] {
    try Graphviz.render(dot, format: format, engine: Self.engine)
  }
}
