import Foundation
import Simulation
import SimulationExamples

/// `distlab bench search`: how fast the exploration executor visits states, how much memory it
/// holds, and how the state count grows with nodes, terms and depth.
struct SearchBenchmark {
  func run() {
    emit("Exploration executor: breadth-first search on one core (the election example of SimulationExamples).")
    emit("states/s counts distinct states; transitions/s counts every successor computed (TLC's \"states generated\").")
    emit(row("configuration", "states", "transitions", "time", "states/s", "transitions/s", "peak RSS"))
    // Peak RSS only grows, so the searches run from small to large and the fingerprint-only one
    // (which keeps only its frontier) before the exact ones of the same space.
    for reduction in [Explorer<ElectionNode>.Reduction.none, .sleepSets] {
      var explorer = election(nodes: 3, maxTerm: 1)
      explorer.reduction = reduction
      report("3 nodes, 1 term, \(reduction == .none ? "hashing only" : "sleep sets")", explorer.breadthFirst())
    }
    var compacted = election(nodes: 3, maxTerm: 2)
    compacted.stateMatching = .fingerprint
    report("3 nodes, 2 terms, sleep sets, fingerprints", compacted.breadthFirst())
    for reduction in [Explorer<ElectionNode>.Reduction.none, .sleepSets] {
      var explorer = election(nodes: 3, maxTerm: 2)
      explorer.reduction = reduction
      report("3 nodes, 2 terms, \(reduction == .none ? "hashing only" : "sleep sets")", explorer.breadthFirst())
    }
    let faulty = election(nodes: 3, maxTerm: 1).faults(ExplorationFaults(drops: 1, duplicates: 1))
    report("3 nodes, 1 term, 1 drop, 1 duplicate", faulty.breadthFirst())
    let crashing = election(nodes: 3, maxTerm: 1).faults(ExplorationFaults(crashes: 1, restarts: true))
    report("3 nodes, 1 term, 1 crash-restart", crashing.breadthFirst())
    let commit = Explorer(nodes: [1, 2, 3], faults: ExplorationFaults(crashes: 2, restarts: true)) {
      TwoPhaseCommitNode(id: $0, coordinator: 1, participants: [2, 3], votesYes: true)
    }
    report("2PC, 2 participants, 2 crash-restarts", commit.breadthFirst())

    emit("")
    emit("How the state count grows (distinct states within a depth; '—' where the space ended earlier).")
    let depths = [4, 8, 12, 16, 20]
    emit(row(["cluster"] + depths.map { "depth \($0)" } + ["whole space"]))
    for nodes in [2, 3, 4] {
      var cells = ["\(nodes) nodes, 1 term"]
      var ended = false
      for depth in depths {
        if ended {
          cells.append("—")
          continue
        }
        let result = election(nodes: nodes, maxTerm: 1).limits(depth: depth, time: .seconds(60)).breadthFirst()
        cells.append("\(result.statistics.states)")
        if result.outcome == .spaceExhausted { ended = true }
      }
      let whole = election(nodes: nodes, maxTerm: 1).limits(time: .seconds(120)).breadthFirst()
      cells.append(whole.outcome == .spaceExhausted ? "\(whole.statistics.states)" : "> \(whole.statistics.states) (stopped)")
      emit(row(cells))
    }
  }

  private func election(nodes count: Int, maxTerm: Int) -> Explorer<ElectionNode> {
    ElectionNode.explorer(peers: (1...count).map { NodeID($0) }, maxTerm: maxTerm)
  }

  private func report<N>(_ name: String, _ result: SearchResult<N>) {
    let s = result.statistics
    let seconds = Double(s.elapsed.components.seconds) + Double(s.elapsed.components.attoseconds) * 1e-18
    emit(row(
      name, "\(s.states)", "\(s.transitions)", String(format: "%.2f s", seconds),
      String(format: "%.0f", s.statesPerSecond), String(format: "%.0f", Double(s.transitions) / max(seconds, 1e-9)),
      String(format: "%.0f MiB", peakMiB())))
  }

  private func peakMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }

  private func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

  private func row(_ columns: String...) -> String { row(columns) }

  private func row(_ columns: [String]) -> String {
    columns.enumerated().map { i, column in
      let width = i == 0 ? 44 : 14
      return column.count >= width ? column + " " : column.padding(toLength: width, withPad: " ", startingAt: 0)
    }.joined()
  }
}
