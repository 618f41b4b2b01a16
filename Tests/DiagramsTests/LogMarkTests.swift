import Checker
import Diagrams
import Simulation
import Testing

/// A node that writes what a failure detector would: a suspicion, a declaration, a withdrawal.
private struct Narrator: Node {
  enum Message: Hashable, Sendable { case ping }
  let lines: [String]

  mutating func start(context: inout Context<Narrator>) {
    for line in lines { context.log(line) }
    if context.me == 1 { context.send(.ping, to: 2) }
  }

  mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<Narrator>) {}
}

@Suite("Log lines on the message flow")
struct LogMarkTests {
  @Test("suspicions, declarations and withdrawals are drawn in their colours, with their words")
  func logLinesMarked() throws {
    let log = TraceLog()
    let sim = try Simulator<Narrator>(nodes: [1, 2], seed: 1, trace: log) { id in
      Narrator(lines: id == 1 ? ["suspect n2", "declare n2"] : ["revive n1", "note to self"])
    }
    sim.run(for: .milliseconds(10))
    let trace = try MessageTrace.parse(log.jsonLines)
    #expect(trace.events.filter { $0.kind == "log" }.compactMap(\.detail) == ["suspect n2", "declare n2", "revive n1", "note to self"])
    let dot = MessageDiagram(trace: trace).dot
    for (words, color) in [("suspect n2", "darkorange"), ("declare n2", "red"), ("revive n1", "darkgreen"), ("note to self", "gray40")] {
      #expect(dot.contains("label=\"\(words)\", fontsize=\"8\", color=\"\(color)\""), "\(words) should be \(color)")
    }
    let svg = String(decoding: try MessageDiagram(trace: trace).render(.svg), as: UTF8.self)
    #expect(svg.contains("suspect n2"))
  }
}
