import Consensus
import Simulation
import Workbook

/// The 2PC cluster the tests run: coordinator n1 and participants n2, n3, n4.
enum CommitCluster {
  static let coordinator: NodeID = 1
  static let participants: [NodeID] = [2, 3, 4]
  static let nodes: [NodeID] = [1, 2, 3, 4]

  /// A node; `noVoter` (if any) is the participant that cannot commit.
  static func node(_ id: NodeID, noVoter: NodeID? = nil) -> TwoPhaseCommit {
    TwoPhaseCommit(id: id, coordinator: coordinator, participants: participants, votesYes: id != noVoter)
  }

  static func simulator(
    seed: UInt64, noVoter: NodeID? = nil, faults: [Nemesis] = [], trace: TraceLog? = nil
  ) throws -> Simulator<TwoPhaseCommit> {
    try Simulator<TwoPhaseCommit>(nodes: nodes, seed: seed, faults: faults, trace: trace ?? TraceRecording.log(), label: "2pc") {
      node($0, noVoter: noVoter)
    }
  }

  /// Every node's logged outcome.
  static func outcomes(_ sim: Simulator<TwoPhaseCommit>) -> [NodeID: TwoPhaseCommit.Outcome] {
    Dictionary(uniqueKeysWithValues: nodes.map { ($0, sim.storage(of: $0)?.outcome ?? .unknown) })
  }

  /// What breaks atomicity, or nil: some node committed while another aborted.
  static func atomicityViolation(_ outcomes: [NodeID: TwoPhaseCommit.Outcome]) -> String? {
    let committed = nodes.filter { outcomes[$0] == .committed }
    let aborted = nodes.filter { outcomes[$0] == .aborted }
    guard !committed.isEmpty, !aborted.isEmpty else { return nil }
    return "committed at \(committed), aborted at \(aborted)"
  }

  /// Participants that have not reached a decision.
  static func undecided(_ outcomes: [NodeID: TwoPhaseCommit.Outcome]) -> [NodeID] {
    participants.filter { outcomes[$0] != .committed && outcomes[$0] != .aborted }
  }
}
