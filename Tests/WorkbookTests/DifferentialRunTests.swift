import Simulation
import SimulationExamples
import Testing
import Workbook

/// `BroadcastNode` with one mistake: it never acknowledges node 3's announcements.
struct SnubbingBroadcast: Node {
  var inner: BroadcastNode

  mutating func start(context: inout Context<SnubbingBroadcast>) {
    var own = Context<BroadcastNode>(me: context.me, now: context.now)
    inner.start(context: &own)
    forward(own, to: &context)
  }

  mutating func receive(_ message: BroadcastNode.Message, from sender: NodeID, context: inout Context<SnubbingBroadcast>) {
    if case .announce = message, sender == 3 { return }
    var own = Context<BroadcastNode>(me: context.me, now: context.now)
    inner.receive(message, from: sender, context: &own)
    forward(own, to: &context)
  }

  private func forward(_ own: Context<BroadcastNode>, to context: inout Context<SnubbingBroadcast>) {
    for case .send(let message, let destination) in own.effects { context.send(message, to: destination) }
  }
}

@Suite("Differential runs")
struct DifferentialRunTests {
  static let nodes: [NodeID] = [1, 2, 3]
  static func broadcast(_ id: NodeID) -> BroadcastNode { BroadcastNode(peers: nodes.filter { $0 != id }) }

  @Test("Two runs of the same implementation on the same seed never diverge, even under faults", .seeds(5))
  func sameImplementationAgrees() throws {
    let run = DifferentialRun(
      nodes: Self.nodes, seed: Seeds.current, faults: [.drop(0.1), .duplicate(0.1), .reorder(0.3)], duration: .milliseconds(200),
      reference: Self.broadcast, candidate: Self.broadcast,
      referenceState: { "\($0.round)" }, candidateState: { "\($0.round)" })
    #expect(try run.firstDivergence() == nil)
  }

  @Test("A node that skips one acknowledgement diverges exactly where the reference sends it")
  func missingAcknowledgement() throws {
    // Where the reference first answers an announcement from n3: the event after that delivery.
    let trace = TraceLog()
    let reference = try Simulator<BroadcastNode>(nodes: Self.nodes, seed: 1, trace: trace, make: Self.broadcast)
    reference.run(for: .milliseconds(50))
    let delivery = try #require(trace.events.firstIndex { $0.kind == .deliver && $0.peer == 3 && $0.summary?.hasPrefix("announce") == true })
    let expected = trace.events[delivery + 1]
    #expect(expected.kind == .send && expected.peer == 3)

    let run = DifferentialRun(
      nodes: Self.nodes, seed: 1, duration: .milliseconds(50),
      reference: Self.broadcast, candidate: { SnubbingBroadcast(inner: Self.broadcast($0)) })
    let divergence = try #require(try run.firstDivergence())
    #expect(divergence.index == delivery + 1)
    #expect(divergence.aspect == "event")
    #expect(divergence.reference == "\(expected.time) \(expected.node!) send → n3 acknowledge(round: 0)")
    #expect(divergence.candidate != divergence.reference)
    #expect(divergence.before.last?.contains("deliver ← n3 announce(round: 0)") == true)
    #expect(divergence.description.contains("first divergence at trace event \(delivery + 1)"))
  }

  @Test("A difference in observed state is found even when the messages agree")
  func stateDifference() throws {
    let run = DifferentialRun(
      nodes: Self.nodes, seed: 3, duration: .milliseconds(50),
      reference: Self.broadcast, candidate: Self.broadcast,
      referenceState: { "round \($0.round)" }, candidateState: { "round \(min($0.round, 2))" })
    let divergence = try #require(try run.firstDivergence())
    #expect(divergence.aspect.hasPrefix("state of n"))
    #expect(divergence.reference == "round 3" && divergence.candidate == "round 2")
  }
}
