import Simulation
import SimulationExamples
import Testing

/// Collects every reachable state with a plain search, for comparing reductions against.
private func reachable<N: Node>(_ explorer: Explorer<N>) -> Set<SearchState<N>> {
  var seen: Set<SearchState<N>> = [explorer.initialState().state]
  var frontier = Array(seen)
  while let state = frontier.popLast() {
    for event in explorer.enabledEvents(in: state) {
      guard let (next, _) = explorer.apply(event, to: state) else { continue }
      if seen.insert(next).inserted { frontier.append(next) }
    }
  }
  return seen
}

@Suite("Exploration: reductions, faults, budgets")
struct ExplorationReductionTests {
  @Test("sleep sets visit exactly the reachable states while executing fewer transitions")
  func sleepSetsPreserveStates() {
    let configurations: [(String, Explorer<ElectionNode>)] = [
      ("election", ExplorationFixtures.election(checked: false)),
      ("election with a drop and a duplicate",
        ExplorationFixtures.election(checked: false).faults(ExplorationFaults(drops: 1, duplicates: 1))),
      ("election with a crash-restart",
        ExplorationFixtures.election(checked: false).faults(ExplorationFaults(crashes: 1, restarts: true))),
    ]
    for (name, explorer) in configurations {
      let expected = reachable(explorer).count
      var plain = explorer
      plain.reduction = .none
      let full = plain.breadthFirst()
      let reduced = explorer.breadthFirst()
      #expect(full.statistics.states == expected, "\(name): plain search")
      #expect(reduced.statistics.states == expected, "\(name): sleep sets")
      #expect(reduced.statistics.transitions < full.statistics.transitions, "\(name)")
    }
    let commit = ExplorationFixtures.commit(votes: [true, true])
    var plainCommit = commit
    plainCommit.reduction = .none
    #expect(commit.breadthFirst().statistics.states == reachable(commit).count)
    #expect(plainCommit.breadthFirst().statistics.states == reachable(commit).count)
  }

  @Test("fingerprint-only matching finds the same states and the same violations as exact matching")
  func fingerprintMatching() {
    for explorer in [
      ExplorationFixtures.election(checked: false).faults(ExplorationFaults(drops: 1, duplicates: 1)),
      ExplorationFixtures.election(flaw: .votesTwicePerTerm),
    ] {
      var compacted = explorer
      compacted.stateMatching = .fingerprint
      let exact = explorer.breadthFirst(), fast = compacted.breadthFirst()
      #expect(exact.statistics.states == fast.statistics.states)
      #expect(exact.outcome == fast.outcome && exact.path.count == fast.path.count)
    }
  }

  @Test("the violation found with sleep sets is as short as without")
  func reductionKeepsShortestPath() {
    for explorer in [ExplorationFixtures.election(flaw: .votesTwicePerTerm)] {
      var plain = explorer
      plain.reduction = .none
      #expect(explorer.breadthFirst().path.count == plain.breadthFirst().path.count)
    }
    let commit = ExplorationFixtures.commit(flaw: .decisionNotLogged)
    var plainCommit = commit
    plainCommit.reduction = .none
    #expect(commit.breadthFirst().path.count == plainCommit.breadthFirst().path.count)
  }

  @Test("budgets end a search with a report, not a crash")
  func budgets() {
    let big = ExplorationFixtures.election(maxTerm: 3).faults(ExplorationFaults(drops: 2, duplicates: 2))
    let byStates = big.limits(states: 500).breadthFirst()
    #expect(byStates.outcome == .stoppedAtStateLimit(500))
    #expect(byStates.statistics.states == 500)
    let byDepth = big.limits(depth: 3).breadthFirst()
    #expect(byDepth.outcome == .depthExhausted(3))
    #expect(byDepth.statistics.depth == 3)
    #expect(byDepth.report.contains("within 3 events"))
    let byTime = big.limits(time: .milliseconds(1)).breadthFirst()
    #expect(byTime.outcome == .stoppedAtTimeLimit(.milliseconds(1)) || byTime.outcome == .spaceExhausted)
  }

  @Test("a bad configuration ends the search with a report naming the field, not a crash")
  func badConfiguration() {
    let twice = Explorer(nodes: [1, 1]) { ElectionNode(id: $0, peers: [1]) }.breadthFirst()
    #expect(twice.outcome == .invalidConfiguration("nodes: n1 appears twice"))
    let empty = Explorer<ElectionNode>(nodes: []) { ElectionNode(id: $0, peers: []) }.randomWalks(1, depth: 5)
    #expect(empty.outcome == .invalidConfiguration("nodes: the cluster is empty"))
    let negative = ExplorationFixtures.election().faults(ExplorationFaults(drops: -1)).breadthFirst()
    #expect(negative.outcome == .invalidConfiguration("faults.drops: -1 is negative"))
    #expect(!negative.isSafe && negative.report.hasPrefix("cannot search: faults.drops"))
  }

  @Test("drops and duplicates are bounded per path and can be chosen anywhere")
  func faultChoices() {
    let explorer = ExplorationFixtures.election()
    let noFaults = explorer.breadthFirst().statistics.states
    let withDrop = explorer.faults(ExplorationFaults(drops: 1)).breadthFirst()
    #expect(withDrop.statistics.states > noFaults)
    // With one drop allowed, a state can lose the only vote that would elect a leader.
    let lost = explorer.faults(ExplorationFaults(drops: 1))
      .goal("a vote was lost") { $0.dropsUsed == 1 && $0.network.isEmpty && $0.liveNodes.allSatisfy { $0.node.role != .leader } }
      .breadthFirst()
    #expect(lost.reachedGoal, "\(lost.report)")
    #expect(lost.path.filter { if case .drop = $0 { true } else { false } }.count == 1)
  }

  @Test("random walks find the double-vote bug over many seeds and print the seed when they miss", arguments: TestSeeds.values(20))
  func randomWalksFindBug(seed: UInt64) {
    let result = ExplorationFixtures.election(flaw: .votesTwicePerTerm).randomWalks(2_000, depth: 30, seed: seed)
    #expect(result.outcome == .invariantViolated("at most one leader per term"), TestSeeds.replay(seed, "ExplorationReductionTests"))
    if let state = result.state {
      #expect(state.liveNodes.filter { $0.node.role == .leader }.count == 2)
    }
  }

  @Test("random walks over the correct election find no violation")
  func randomWalksSafe() {
    let result = ExplorationFixtures.election(maxTerm: 3).randomWalks(300, depth: 40, seed: 3)
    #expect(result.outcome == .walksCompleted(300))
    #expect(result.statistics.transitions > 500)
  }
}
