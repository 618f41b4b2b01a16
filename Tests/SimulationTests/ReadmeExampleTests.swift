import Simulation
import Testing

/// The node shown in README.md, kept here so the README's code is known to compile and do what it says.
struct Heartbeat: Node {
  enum Message: Hashable, Sendable { case ping(round: Int), ack(round: Int) }
  enum Timer: Hashable, Sendable { case nextRound, deadline(round: Int) }

  let peers: [NodeID]
  private(set) var round = 0
  private(set) var answered: Set<NodeID> = [], suspects: Set<NodeID> = []

  mutating func start(context: inout Context<Heartbeat>) { context.setTimer(.nextRound, after: .zero) }

  mutating func receive(_ message: Message, from peer: NodeID, context: inout Context<Heartbeat>) {
    switch message {
    case .ping(let r): context.send(.ack(round: r), to: peer)
    case .ack(let r) where r == round: answered.insert(peer); suspects.remove(peer)
    case .ack: break
    }
  }

  mutating func timerFired(_ timer: Timer, context: inout Context<Heartbeat>) {
    switch timer {
    case .nextRound:
      round += 1; answered = []
      context.broadcast(.ping(round: round), to: peers)
      context.setTimer(.deadline(round: round), after: .milliseconds(80))  // before the next round
      context.setTimer(.nextRound, after: .milliseconds(100))
    case .deadline(let r) where r == round: suspects.formUnion(Set(peers).subtracting(answered))
    case .deadline: break
    }
  }
}

@Suite("README example")
struct ReadmeExampleTests {
  @Test("The README's heartbeat detector suspects exactly the crashed node")
  func heartbeatSuspectsCrashedNode() throws {
    let trace = TraceLog()
    let sim = try Simulator<Heartbeat>(
      nodes: [1, 2, 3], seed: 42,
      faults: [.drop(0.05), .schedule(try .parse("at 2s crash n3"))],
      trace: trace
    ) { id in Heartbeat(peers: [1, 2, 3].filter { $0 != id }) }
    sim.run(for: .seconds(5))
    #expect(sim.node(1)!.suspects == [3])
    #expect(sim.node(2)!.suspects == [3])
    #expect(trace.events(.crash).count == 1)
  }
}
