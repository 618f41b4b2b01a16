import Simulation

/// The election example as a search: a cluster and the safety property it must keep.
extension ElectionNode {
  /// The name of the election-safety invariant in reports.
  public static let safetyInvariant = "at most one leader per term"

  /// Whether no two running nodes lead the same term. Allocation-free, since a search checks it on
  /// every state.
  public static func hasAtMostOneLeaderPerTerm(_ state: SearchState<ElectionNode>) -> Bool {
    state.forEachLiveNode { a, leader in
      guard leader.role == .leader else { return true }
      return state.forEachLiveNode { b, other in b <= a || other.role != .leader || other.term != leader.term }
    }
  }

  /// An explorer of the nodes `peers` that checks election safety.
  public static func explorer(
    peers: [NodeID], maxTerm: Int = 1, flaw: Flaw? = nil, faults: ExplorationFaults = .none
  ) -> Explorer<ElectionNode> {
    Explorer(nodes: peers, faults: faults) { ElectionNode(id: $0, peers: peers, maxTerm: maxTerm, flaw: flaw) }
      .invariant(safetyInvariant, hasAtMostOneLeaderPerTerm)
  }
}

/// The two-phase commit example as a search: coordinator n1, participants n2 and n3.
extension TwoPhaseCommitNode {
  /// The name of the atomicity invariant in reports.
  public static let atomicityInvariant = "no participant commits what another aborts"

  /// Whether no running node has committed while another has aborted.
  public static func isAtomic(_ state: SearchState<TwoPhaseCommitNode>) -> Bool {
    var committed = false, aborted = false
    state.forEachLiveNode { _, node in
      committed = committed || node.outcome == .committed
      aborted = aborted || node.outcome == .aborted
      return true
    }
    return !(committed && aborted)
  }

  /// An explorer of the three-node cluster whose participants n2 and n3 vote `votes`, checking atomicity.
  public static func explorer(
    votes: [Bool] = [false, true], flaw: Flaw? = nil, faults: ExplorationFaults = ExplorationFaults(crashes: 1, restarts: true)
  ) -> Explorer<TwoPhaseCommitNode> {
    Explorer(nodes: [1, 2, 3], faults: faults) { id in
      TwoPhaseCommitNode(
        id: id, coordinator: 1, participants: [2, 3], votesYes: id == 1 || votes[id.rawValue - 2], flaw: flaw)
    }
    .invariant(atomicityInvariant, isAtomic)
  }
}
