import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 1, by exhaustive search: every order of deliveries and timers, with one crash and
/// restart anywhere, on a coordinator and two participants.
@Suite("Lab 07 · Two-phase commit, every interleaving")
struct TwoPhaseCommitSearchTests {
  static func explorer(noVoter: NodeID?) -> Explorer<TwoPhaseCommit> {
    Explorer(nodes: [1, 2, 3], faults: ExplorationFaults(crashes: 1, restarts: true)) { id in
      TwoPhaseCommit(id: id, coordinator: 1, participants: [2, 3], votesYes: id != noVoter)
    }
    .invariant("no node commits what another aborts") { state in
      var committed = false, aborted = false
      for id in state.nodeIDs {
        switch state.storage(of: id)?.outcome {
        case .committed?: committed = true
        case .aborted?: aborted = true
        default: break
        }
      }
      return !(committed && aborted)
    }
    .limits(depth: 11)
  }

  @Test("No interleaving with one crash-restart breaks atomicity (within 11 events)", .points(10), arguments: [nil, 3] as [NodeID?])
  func atomicInEveryInterleaving(noVoter: NodeID?) {
    let result = Search.expectSafe(Self.explorer(noVoter: noVoter))
    #expect(result.statistics.states > 1_000)
  }

  @Test("Some interleaving commits, and with a no vote none does", .points(5))
  func commitReachableOnlyWithYesVotes() {
    let committed: (SearchState<TwoPhaseCommit>) -> Bool = { state in
      [2, 3].allSatisfy { (id: NodeID) in state.storage(of: id)?.outcome == .committed }
    }
    let result = Search.expectGoal(Self.explorer(noVoter: nil).goal("both participants committed", committed))
    #expect(result.path.count <= 10)
    let never = Self.explorer(noVoter: 3).invariant("nobody commits after a no vote") { state in
      !state.nodeIDs.contains { state.storage(of: $0)?.outcome == .committed }
    }
    Search.expectSafe(never)
  }
}
