import Simulation
import SimulationExamples
import Testing
import Workbook

@Suite("Search: exploration in a Swift Testing test")
struct SearchTests {
  static let peers: [NodeID] = [1, 2, 3]

  static func election(flaw: ElectionNode.Flaw? = nil) -> Explorer<ElectionNode> {
    ElectionNode.explorer(peers: peers, flaw: flaw)
  }

  @Test("a correct protocol passes expectSafe and reaches its goal with expectGoal")
  func passes() {
    let safe = Search.expectSafe(Self.election())
    #expect(safe.outcome == .spaceExhausted)
    let goal = Search.expectGoal(Self.election().goal("a leader") { $0.liveNodes.contains { $0.node.role == .leader } })
    #expect(goal.path.count == 3)
  }

  @Test("a broken protocol fails expectSafe with the path and the replay advice in the issue")
  func failsWithPath() {
    withKnownIssue {
      Search.expectSafe(Self.election(flaw: .votesTwicePerTerm))
    } matching: { issue in
      let text = issue.comments.map(\.rawValue).joined(separator: "\n")
      return text.contains("invariant violated: at most one leader per term (after 6 events)")
        && text.contains("1. timer electionTimeout fires at") && text.contains("replays on the simulator")
    }
    let caught = Search.expectViolation(Self.election(flaw: .votesTwicePerTerm))
    #expect(caught.path.count == 6)
  }

  @Test("a search that stops at its state limit is not a pass unless limits are accepted")
  func limitsAreNotPasses() {
    withKnownIssue {
      Search.expectSafe(Self.election().limits(states: 50))
    } matching: { issue in
      issue.comments.contains { $0.rawValue.contains("gave no verdict") }
    }
    let accepted = Search.expectSafe(Self.election().limits(states: 50), acceptLimits: true)
    #expect(accepted.outcome == .stoppedAtStateLimit(50))
  }

  @Test("the README's search example passes")
  func readmeExample() {
    let result = Search.expectSafe(
      Explorer(nodes: [1, 2, 3], faults: ExplorationFaults(drops: 1)) {
        ElectionNode(id: $0, peers: [1, 2, 3], maxTerm: 1)
      }
      .invariant("one leader per term") { state in
        var terms: Set<Int> = []
        return state.forEachLiveNode { _, node in node.role != .leader || terms.insert(node.term).inserted }
      }
      .limits(depth: 12))
    #expect(result.outcome == .spaceExhausted || result.outcome == .depthExhausted(12))
    #expect(result.statistics.states > 1_503)
  }
}
