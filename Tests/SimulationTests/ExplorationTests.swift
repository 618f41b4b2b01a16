import Simulation
import SimulationExamples
import Testing

/// Cluster helpers for the two example protocols the exploration tests search.
enum ExplorationFixtures {
  static let electionPeers: [NodeID] = [1, 2, 3]

  /// Three election nodes; `checked` adds the election-safety invariant.
  static func election(flaw: ElectionNode.Flaw? = nil, maxTerm: Int = 1, checked: Bool = true) -> Explorer<ElectionNode> {
    guard checked else {
      return Explorer(nodes: electionPeers) { ElectionNode(id: $0, peers: electionPeers, maxTerm: maxTerm, flaw: flaw) }
    }
    return ElectionNode.explorer(peers: electionPeers, maxTerm: maxTerm, flaw: flaw)
  }

  static func commit(flaw: TwoPhaseCommitNode.Flaw? = nil, votes: [Bool] = [false, true]) -> Explorer<TwoPhaseCommitNode> {
    TwoPhaseCommitNode.explorer(votes: votes, flaw: flaw)
  }
}

@Suite("Exploration: known bugs found with minimal traces, fixed versions pass")
struct ExplorationTests {
  @Test("an election that lets a node vote twice per term elects two leaders in 6 events")
  func doubleVoteFound() {
    let result = ExplorationFixtures.election(flaw: .votesTwicePerTerm).breadthFirst()
    #expect(result.outcome == .invariantViolated("at most one leader per term"), "\(result.report)")
    // Two timeouts, two vote requests, two votes: nothing shorter can make two leaders.
    #expect(result.path.count == 6, "\(result.report)")
    let leaders = result.state?.liveNodes.filter { $0.node.role == .leader } ?? []
    #expect(leaders.count == 2 && leaders[0].node.term == leaders[1].node.term)
  }

  @Test("the correct election never has two leaders in a term, and does elect one")
  func correctElectionSafeAndLive() {
    // Term 2 lets a node step down and vote again in a later term; the depth keeps it quick.
    let twoTerms = ExplorationFixtures.election(maxTerm: 2).limits(depth: 9).breadthFirst()
    #expect(twoTerms.outcome == .depthExhausted(9), "\(twoTerms.report)")
    let whole = ExplorationFixtures.election().faults(ExplorationFaults(drops: 1, duplicates: 1)).breadthFirst()
    #expect(whole.outcome == .spaceExhausted, "\(whole.report)")
    #expect(whole.statistics.states > 1_000)
    let live = ExplorationFixtures.election()
      .goal("a leader is elected") { $0.liveNodes.contains { $0.node.role == .leader } }
      .breadthFirst()
    #expect(live.outcome == .goalReached("a leader is elected"), "\(live.report)")
    // One timeout, one request delivered, one vote back.
    #expect(live.path.count == 3, "\(live.report)")
  }

  @Test("a 2PC coordinator without a decision log commits after a crash what a participant aborted")
  func unloggedCoordinatorFound() {
    let result = ExplorationFixtures.commit(flaw: .decisionNotLogged).breadthFirst()
    #expect(result.outcome == .invariantViolated("no participant commits what another aborts"), "\(result.report)")
    #expect(result.path.contains(.crash(1)) && result.path.contains(.restart(1)), "\(result.report)")
    // Crash and restart the coordinator before anything is decided; one participant aborts on its
    // own "no", the other prepares, times out, asks, and is told to commit: seven events.
    #expect(result.path.count == 7, "\(result.report)")
  }

  @Test("2PC with a write-ahead log is atomic under every crash-restart of any node", arguments: [
    [false, true], [true, true], [true, false],
  ])
  func loggedCoordinatorAtomic(votes: [Bool]) {
    let result = ExplorationFixtures.commit(votes: votes).breadthFirst()
    #expect(result.outcome == .spaceExhausted, "\(result.report)")
    let decided = ExplorationFixtures.commit(votes: votes)
      .goal("every participant decided") { state in
        [2, 3].allSatisfy { (id: NodeID) in state.node(id).map { $0.outcome != .undecided } ?? false }
      }
      .breadthFirst()
    #expect(decided.reachedGoal, "\(decided.report)")
  }

  @Test("a violation's path replays on the simulator to the same bad state, and its trace shows it")
  func violationReplays() throws {
    let explorer = ExplorationFixtures.commit(flaw: .decisionNotLogged)
    let result = explorer.breadthFirst()
    let log = TraceLog()
    let simulator = try Simulator.replaying(result.path, of: explorer, trace: log)
    for id in explorer.nodeIDs {
      #expect(simulator.node(id) == result.state?.node(id))
      #expect(simulator.storage(of: id) == result.state?.storage(of: id))
    }
    #expect(simulator.node(2)?.outcome == .aborted && simulator.node(3)?.outcome == .committed)
    let kinds = log.events.map(\.kind)
    #expect(kinds.contains(.crash) && kinds.contains(.restart))
    #expect(kinds.filter { $0 == .deliver }.count == result.path.filter { if case .deliver = $0 { true } else { false } }.count)

    let election = ExplorationFixtures.election(flaw: .votesTwicePerTerm)
    let twoLeaders = election.breadthFirst()
    let replayed = try Simulator.replaying(twoLeaders.path, of: election)
    #expect(election.nodeIDs.filter { replayed.node($0)?.role == .leader }.count == 2)
  }

  @Test("a path with an event that is not enabled is refused with its step")
  func badPathRefused() {
    let explorer = ExplorationFixtures.election()
    let path: [SearchEvent<ElectionNode>] = [
      .fire(1, .electionTimeout), .deliver(Envelope(from: 2, to: 1, message: .vote(term: 1))),
    ]
    #expect(throws: ReplayError.notEnabled(PathError(step: 2, event: path[1].description))) {
      try Simulator.replaying(path, of: explorer)
    }
  }
}
