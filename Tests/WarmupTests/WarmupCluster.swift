import Simulation
import Warmup

/// The cluster every warmup test runs: three nodes, each broadcasting two values of its own
/// (node k sends 10k+1 and 10k+2).
enum WarmupCluster {
  static let nodes: [NodeID] = [1, 2, 3]

  /// The values node `id` broadcasts.
  static func values(of id: NodeID) -> [Int] { [id.rawValue * 10 + 1, id.rawValue * 10 + 2] }

  /// A fresh node of the implementation under test.
  static func node(_ id: NodeID) -> ReliableBroadcast {
    ReliableBroadcast(peers: nodes.filter { $0 != id }, values: values(of: id))
  }

  /// A simulator of the cluster under `faults`.
  static func simulator(seed: UInt64, faults: [Nemesis] = [], trace: TraceLog? = nil) throws -> Simulator<ReliableBroadcast> {
    try Simulator<ReliableBroadcast>(nodes: nodes, seed: seed, faults: faults, trace: trace, label: "warmup", make: node)
  }

  /// What went wrong with deliveries, one line per receiver and origin; empty when every node
  /// delivered every other node's values exactly once, in the order they were sent.
  static func deliveryProblems(in sim: Simulator<ReliableBroadcast>) -> [String] {
    var problems: [String] = []
    for receiver in nodes {
      guard let node = sim.node(receiver) else {
        problems.append("\(receiver) is down")
        continue
      }
      for origin in nodes where origin != receiver {
        let got = node.delivered(from: origin), sent = values(of: origin)
        if got != sent { problems.append("\(receiver) delivered \(got) from \(origin), which sent \(sent)") }
      }
    }
    return problems
  }
}
