import Checker

/// The causal structure of a read/write history: one row per session in session order, reads-from
/// arrows from each write to the reads that saw it, and the first bad pattern found in red.
public struct CausalityDiagram: Sendable {
  public let history: History
  public let result: CausalConsistencyChecker.Result
  /// Most operations drawn; larger histories are cut around the first violation.
  public var maxOperations: Int

  public init(history: History, result: CausalConsistencyChecker.Result, maxOperations: Int = 120) {
    self.history = history
    self.result = result
    self.maxOperations = maxOperations
  }

  public static let engine = Graphviz.Engine.dot

  public var dot: String {
    var out = DotWriter(name: "causality", attributes: [("rankdir", "LR"), ("newrank", "true")])
    out.defaults("node", [("shape", "box"), ("style", "rounded"), ("fontname", "Helvetica"), ("fontsize", "10")])
    out.defaults("edge", [("fontname", "Helvetica"), ("fontsize", "9")])
    let (graphOrNil, reason) = CausalGraph.build(history, initial: result.notApplicable == nil ? initialGuess : .null)
    guard let graph = graphOrNil else {
      out.node("reason", [("shape", "plaintext"), ("label", "causal checks do not apply: \(reason ?? result.notApplicable ?? "")")])
      return out.finished()
    }
    let violation = result.violations.first
    let bad = Set(violation?.operations ?? [])
    // Window: the operations of the violation and their neighbours, or the first ones.
    var keep = Set(graph.nodes.indices)
    var note: String?
    if graph.nodes.count > maxOperations {
      let anchors = graph.nodes.indices.filter { bad.contains(graph.nodes[$0].id) }
      let center = anchors.first ?? 0
      let sorted = graph.nodes.indices.sorted { abs($0 - center) < abs($1 - center) }
      keep = Set(sorted.prefix(maxOperations)).union(anchors)
      note = "showing \(keep.count) of \(graph.nodes.count) operations, around the violation"
    }
    let title = "\(history.source): CC \(word(result.cc)), CCv \(word(result.ccv)), CM \(word(result.cm))"
      + (violation.map { "\n\($0.pattern.rawValue): \($0.explanation)" } ?? "") + (note.map { "\n\($0)" } ?? "")
    out.node("title", [("shape", "plaintext"), ("style", ""), ("label", title)])
    for (s, session) in graph.sessions.enumerated() {
      let members = session.filter { keep.contains($0) }
      guard !members.isEmpty else { continue }
      out.raw("  subgraph \(DotWriter.quote("cluster_\(s)")) {\n    label=\(DotWriter.quote("session \(s)"));\n    color=\"gray70\";\n")
      for i in members {
        let node = graph.nodes[i]
        let keyText = node.key == .null ? "" : "\(node.key) "
        var attributes: [(String, String)] = [("label", "op \(node.id)\n\(node.isWrite ? "write" : "read") \(keyText)\(node.value)")]
        if bad.contains(node.id) { attributes += [("color", "red"), ("fontcolor", "red3"), ("penwidth", "2")] }
        out.raw("  ")
        out.node("op\(node.id)", attributes)
      }
      for (a, b) in zip(members, members.dropFirst()) {
        out.raw("  ")
        out.edge("op\(graph.nodes[a].id)", "op\(graph.nodes[b].id)", [("color", "gray40"), ("arrowhead", "vee")])
      }
      out.raw("  }\n")
    }
    for (i, node) in graph.nodes.enumerated() where keep.contains(i) {
      guard let w = node.readsFrom, keep.contains(w) else { continue }
      let writer = graph.nodes[w]
      let highlighted = bad.contains(node.id) && bad.contains(writer.id)
      out.edge("op\(writer.id)", "op\(node.id)", [
        ("color", highlighted ? "red" : "blue"), ("style", "dashed"), ("label", "rf"),
      ])
    }
    return out.finished()
  }

  private var initialGuess: Value { history.operations.contains { $0.function == "get" || $0.function == "put" } ? .string("") : .null }

  private func word(_ value: Bool?) -> String { value == nil ? "n/a" : value! ? "holds" : "VIOLATED" }
}

extension DotWriter {
  mutating func raw(_ line: String) { appendRaw(line) }
}
