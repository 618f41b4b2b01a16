import Checker
import Diagrams
import Simulation
import SimulationExamples
import Testing

@Suite("Exploration counterexamples as pictures")
struct ExplorationDiagramTests {
  @Test("the shortest path to two leaders replays into a trace the message diagram draws")
  func counterexampleRenders() throws {
    let explorer = ElectionNode.explorer(peers: [1, 2, 3], flaw: .votesTwicePerTerm)
    let result = explorer.breadthFirst()
    #expect(!result.isSafe)
    let log = TraceLog()
    _ = try Simulator.replaying(result.path, of: explorer, trace: log, label: "two leaders")
    let trace = try MessageTrace.parse(log.jsonLines)
    // Every delivery of the path is an arrow; the two timeouts are timer events.
    let deliveries = trace.events.filter { $0.kind == "deliver" }
    #expect(deliveries.count == result.path.filter { if case .deliver = $0 { true } else { false } }.count)
    let dot = MessageDiagram(trace: trace).dot
    #expect(dot.contains("label=\"requestVote\"") && dot.contains("label=\"vote\""), "\(dot)")
    let svg = String(decoding: try MessageDiagram(trace: trace).render(.svg), as: UTF8.self)
    #expect(svg.contains("<svg"))
  }
}
