import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 4g: Raft under the exploration executor's random walks, with drops, duplicates and
/// a crash-restart anywhere.
@Suite("Lab 07 · Raft · search")
struct RaftSearchTests {
  static let servers: [NodeID] = [1, 2, 3]

  /// Election Safety: no two live servers lead in the same term.
  static func oneLeaderPerTerm(_ state: SearchState<ListRaft>) -> Bool {
    var leaders: [Int: NodeID] = [:]
    for id in servers {
      guard state.node(id)?.server?.role == .leader, let term = state.storage(of: id)?.currentTerm else { continue }
      if let other = leaders.updateValue(id, forKey: term), other != id { return false }
    }
    return true
  }

  /// Log Matching: two logs with an entry of the same index and term agree on every entry up to it.
  static func logsMatch(_ state: SearchState<ListRaft>) -> Bool {
    let logs = servers.compactMap { state.storage(of: $0)?.log }
    for (i, a) in logs.enumerated() {
      for b in logs[(i + 1)...] {
        // The highest index where both hold an entry of the same term…
        let shared = (1...max(1, min(a.lastIndex, b.lastIndex))).last { index in
          a.term(at: index).map { $0 == b.term(at: index) } ?? false
        }
        // …and every entry up to it must be identical.
        guard let shared else { continue }
        if (1...shared).contains(where: { a.entry(at: $0) != b.entry(at: $0) }) { return false }
      }
    }
    return true
  }

  @Test("Random-walk search: one leader per term and matching logs, with drops, duplicates and a crash-restart",
    .points(5))
  func randomWalks() {
    let servers = Self.servers
    let explorer = Explorer(
      nodes: servers, faults: ExplorationFaults(drops: 3, duplicates: 2, crashes: 1, restarts: true), seed: 1
    ) { id in ListRaft.server(RaftServer(id: id, bootstrap: servers)) }
    .invariant("at most one leader per term", Self.oneLeaderPerTerm)
    .invariant("logs that share an entry agree up to it", Self.logsMatch)
    // Elections take a dozen events and replication a few more: deep walks, not breadth-first.
    let walks = explorer.randomWalks(300, depth: 100, seed: 11)
    #expect(walks.outcome == .walksCompleted(300), "\(walks.report)")
    let elected = explorer.goal("a leader replicated its no-op to a follower") { state in
      servers.contains { (state.storage(of: $0)?.log.lastIndex ?? 0) >= 1 && state.node($0)?.server?.role == .follower }
    }.randomWalks(50, depth: 100, seed: 11)
    #expect(elected.reachedGoal, "\(elected.report)")
  }
}
