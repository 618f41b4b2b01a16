import FailureDetection
import Simulation
import Testing
import Workbook

#if DISTLAB_GRADING_SOLUTION
  import FailureDetectionReference

  /// While your workspace is graded (`DISTLAB_SOLUTION=FailureDetection`), the reference is built beside it.
  typealias ReferenceSWIM = FailureDetectionReference.SWIM
  let comparesWithReference = true
#else
  /// Against the reference itself, the comparison checks that one seed gives one trace.
  typealias ReferenceSWIM = FailureDetection.SWIM
  let comparesWithReference = false
#endif

/// Ungraded: where the workspace's SWIM first behaves differently from the reference, event by event.
@Suite("Lab 02 · Differential run against the reference (ungraded)")
struct DifferentialTests {
  @Test("SWIM sends, suspects and declares exactly what the reference does, on the same seed", .seeds(3))
  func swimBehavesLikeTheReference() throws {
    let nodes: [NodeID] = [1, 2, 3, 4, 5]
    let run = DifferentialRun(
      nodes: nodes, seed: Seeds.current, faults: [.drop(0.1), .schedule([.init(at: .seconds(1), .crash(5))])],
      duration: .seconds(3),
      reference: { id in ReferenceSWIM(peers: nodes.filter { $0 != id }) },
      candidate: { id in FailureDetection.SWIM(peers: nodes.filter { $0 != id }) },
      referenceState: { (node: ReferenceSWIM) in "suspects \(node.record.suspicions.keys.sorted()), incarnation \(node.incarnation)" },
      candidateState: { (node: FailureDetection.SWIM) in "suspects \(node.record.suspicions.keys.sorted()), incarnation \(node.incarnation)" })
    if let divergence = try run.firstDivergence() {
      let against = comparesWithReference ? "the reference" : "a second run of itself"
      Issue.record("compared with \(against), \(divergence)")
    }
  }
}
