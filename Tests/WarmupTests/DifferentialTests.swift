import Simulation
import Testing
import Warmup
import Workbook

#if DISTLAB_GRADING_SOLUTION
  import WarmupReference

  /// While your workspace is graded (`DISTLAB_SOLUTION=Warmup`), the reference is built beside it.
  typealias ReferenceBroadcast = WarmupReference.ReliableBroadcast
  let comparesWithReference = true
#else
  /// Against the reference itself, the comparison checks that one seed gives one trace.
  typealias ReferenceBroadcast = Warmup.ReliableBroadcast
  let comparesWithReference = false
#endif

/// Ungraded: where the workspace first behaves differently from the reference, event by event.
@Suite("Lab 00 · Differential run against the reference (ungraded)")
struct DifferentialTests {
  @Test("Sends, receives and delivers exactly what the reference does, on the same seed", .seeds(5))
  func behavesLikeTheReference() throws {
    let nodes = WarmupCluster.nodes
    let run = DifferentialRun(
      nodes: nodes, seed: Seeds.current, faults: [.drop(0.1), .duplicate(0.1)], duration: .seconds(2),
      reference: { id in
        ReferenceBroadcast(peers: nodes.filter { $0 != id }, values: WarmupCluster.values(of: id))
      },
      candidate: WarmupCluster.node,
      referenceState: { node in "delivered \(nodes.map { node.delivered(from: $0) }), settled \(node.isSettled)" },
      candidateState: { node in "delivered \(nodes.map { node.delivered(from: $0) }), settled \(node.isSettled)" })
    if let divergence = try run.firstDivergence() {
      let against = comparesWithReference ? "the reference" : "a second run of itself"
      Issue.record("compared with \(against), \(divergence)")
    }
  }
}
