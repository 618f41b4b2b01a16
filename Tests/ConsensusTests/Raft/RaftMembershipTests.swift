import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 4f: membership changes, one server at a time.
@Suite("Lab 07 · Raft · membership")
struct RaftMembershipTests {
  @Test("Adding two servers and removing one while clients append: every live server ends on the new configuration",
    .points(10), .seeds(20))
  func addAndRemove() throws {
    let admin: NodeID = 101
    let changes: [RaftOperation<AppendOnlyList.Command>] = [.addServer(4), .addServer(5), .removeServer(1)]
    let h = try RaftHarness(
      servers: 3, joining: [4, 5], clients: 2, operations: 20, seed: Seeds.current,
      faults: [.drop(0.03)], clientTimeout: .seconds(5)
    ) { client, index in
      if client == admin { return index < changes.count ? changes[index] : .command(.read) }
      return .command(.append(client.rawValue * 1000 + index))
    }
    h.run(for: .seconds(8))
    let expected: [NodeID] = [2, 3, 4, 5]
    for id in expected {
      #expect(h.server(id)?.configuration == expected, "\(id) has configuration \(h.server(id)?.configuration ?? [])")
    }
    let adminResults = h.sim.history.events.filter { $0.process == 0 && $0.type != .invoke }.prefix(3).map(\.type)
    #expect(adminResults == [.ok, .ok, .ok], "membership changes: \(adminResults)")
    #expect(h.server(1)?.role != .leader)
    #expect(h.values(4) == h.values(2) && h.values(5) == h.values(2), "new servers must hold everything")
    #expect(h.completedOperations >= 35)
    #expect(h.problems(requireAllApplied: true) == [])
  }

  @Test("Removing the current leader hands leadership to the remaining servers", .points(5), .seeds(10))
  func removeTheLeader() throws {
    /// The admin client asks to remove whichever server leads when its fourth request is made.
    final class Target { var harness: RaftHarness?; var removed: NodeID? }
    let target = Target()
    let admin: NodeID = 101
    let h = try RaftHarness(servers: 3, clients: 2, operations: 10, seed: Seeds.current, clientTimeout: .seconds(3)) {
      client, index in
      guard client == admin else { return .command(.append(client.rawValue * 1000 + index)) }
      if index == 3, target.removed == nil, let leader = target.harness?.leader {
        target.removed = leader
        return .removeServer(leader)
      }
      return .command(.read)
    }
    target.harness = h
    h.run(for: .seconds(5))
    let removed = try #require(target.removed, "no leader when the admin asked")
    let remaining = h.servers.filter { $0 != removed }
    #expect(h.server(removed)?.role != .leader)
    #expect(remaining.allSatisfy { h.server($0)?.configuration == remaining })
    #expect(h.leader.map { remaining.contains($0) } == true)
    #expect(h.completedOperations >= 15)
    #expect(h.problems(requireAllApplied: true) == [])
  }
}
