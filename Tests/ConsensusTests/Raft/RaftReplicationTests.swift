import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 4b: Raft log replication.
@Suite("Lab 07 · Raft · replication")
struct RaftReplicationTests {
  @Test("Basic agreement: every command completes once, at the same position on every server, within a message budget",
    .points(5), .seeds(20), arguments: [3, 5])
  func basicAgreement(size: Int) throws {
    let h = try RaftHarness(servers: size, operations: 30, seed: Seeds.current)
    _ = h.awaitLeader()
    let sentBefore = h.sim.statistics.sent
    let start = h.sim.now
    h.run(until: { $0.completedOperations == 30 }, limit: .seconds(5))
    #expect(h.completedOperations == 30)
    h.run(for: .milliseconds(200))
    #expect(h.problems(requireAllApplied: true) == [])
    #expect(h.servers.allSatisfy { h.values($0)?.count == 30 }, "\(h.servers.map { h.values($0)?.count ?? -1 })")
    // Per command: a request and a reply, and one append and one answer per follower; plus heartbeats.
    let elapsed = Double((h.sim.now - start).nanosecondCount) / 1e9
    let heartbeats = elapsed * 20 * Double(2 * (size - 1))
    let perCommand = (Double(h.sim.statistics.sent - sentBefore) - heartbeats) / 30
    #expect(perCommand <= Double(2 * (size - 1) + 2) * 1.5, "\(perCommand) messages per command")
  }

  @Test("Agreement despite a disconnected follower, which catches up when it returns", .points(5), .seeds(20))
  func agreementDespiteFollowerFailure() throws {
    let h = try RaftHarness(servers: 3, operations: 40, seed: Seeds.current)
    let leader = try #require(h.awaitLeader())
    let follower = h.servers.first { $0 != leader }!
    try h.sim.apply(.isolate(follower))
    h.run(until: { $0.completedOperations >= 20 }, limit: .seconds(5))
    #expect(h.completedOperations >= 20, "2 of 3 servers must keep committing")
    #expect((h.values(follower)?.count ?? 0) < 20)
    try h.sim.apply(.heal)
    h.run(until: { $0.completedOperations == 40 }, limit: .seconds(10))
    h.run(for: .seconds(1))
    #expect(h.completedOperations == 40)
    #expect(h.values(follower)?.count == 40, "the returning follower did not catch up")
    #expect(h.problems(requireAllApplied: true) == [])
  }

  @Test("No agreement without a majority: a leader cut off from 3 of 5 commits nothing until they return",
    .points(5), .seeds(20))
  func noAgreementWithoutMajority() throws {
    let h = try RaftHarness(servers: 5, operations: 10, seed: Seeds.current)
    let leader = try #require(h.awaitLeader())
    h.run(until: { $0.completedOperations >= 2 }, limit: .seconds(3))
    let others = h.servers.filter { $0 != leader }
    // Leader and one follower together; the other three each alone: no majority anywhere.
    try h.sim.apply(.partition([[leader, others[0]], [others[1]], [others[2]], [others[3]]]))
    let committed = h.servers.map { h.server($0)?.commitIndex ?? 0 }.max()!
    let done = h.completedOperations
    h.run(for: .seconds(2))
    #expect(h.servers.map { h.server($0)?.commitIndex ?? 0 }.max()! == committed, "committed without a majority")
    #expect(h.completedOperations == done)
    try h.sim.apply(.heal)
    h.run(until: { $0.completedOperations + $0.sim.history.indeterminateCount >= 10 }, limit: .seconds(15))
    h.run(for: .seconds(1))
    #expect(h.completedOperations >= 8, "the cluster should recover once healed")
    #expect(h.problems() == [])
  }

  @Test("Concurrent clients: five clients at once, every value applied exactly once and in one order",
    .points(5), .seeds(20))
  func concurrentClients() throws {
    let h = try RaftHarness(servers: 3, clients: 5, operations: 10, seed: Seeds.current)
    h.run(until: { $0.completedOperations == 50 }, limit: .seconds(10))
    h.run(for: .milliseconds(300))
    #expect(h.completedOperations == 50)
    #expect(h.problems(requireAllApplied: true) == [])
    #expect(Set(h.values(h.servers[0]) ?? []).count == 50)
  }

  @Test("A partitioned leader rejoins: its uncommitted entries give way, and retried commands apply once",
    .points(5), .seeds(20))
  func partitionedLeaderRejoins() throws {
    let h = try RaftHarness(servers: 3, clients: 2, operations: 15, seed: Seeds.current, clientRetry: .milliseconds(150))
    let leader = try #require(h.awaitLeader())
    h.run(until: { $0.completedOperations >= 4 }, limit: .seconds(3))
    // One client can reach only the old leader, which appends its commands but cannot commit them.
    try h.sim.apply(.partition([[leader, h.clients[0]], h.servers.filter { $0 != leader }]))
    h.run(for: .milliseconds(800))
    let stale = h.storage(leader).log.lastIndex
    #expect(stale > (h.server(leader)?.commitIndex ?? 0), "the old leader should hold uncommitted entries")
    try h.sim.apply(.heal)
    h.run(until: { $0.completedOperations + $0.sim.history.indeterminateCount >= 30 }, limit: .seconds(10))
    h.run(for: .seconds(1))
    #expect(h.server(leader)?.role != .leader || h.term(leader) > 1)
    #expect(h.problems(requireAllApplied: true) == [])
    #expect(h.divergentServers == [] && Set(h.servers.map { h.values($0)?.count ?? -1 }).count == 1)
  }

  @Test("Backing up quickly: a follower with a long divergent log is repaired in a few round trips, not one per entry",
    .points(5), .seeds(10))
  func backUpQuickly() throws {
    let log = TraceLog()
    let h = try RaftHarness(
      servers: 5, clients: 8, operations: 40, seed: Seeds.current, clientTimeout: .milliseconds(250),
      clientRetry: .milliseconds(200), trace: log)
    let leader = try #require(h.awaitLeader())
    let buddy = h.servers.first { $0 != leader }!
    let rest = h.servers.filter { $0 != leader && $0 != buddy }
    // The old leader and one follower collect entries from every client, which nobody else has…
    try h.sim.apply(.partition([[leader, buddy] + h.clients, rest]))
    h.run(for: .milliseconds(1500))
    let divergent = h.storage(buddy).log.lastIndex - (h.server(buddy)?.commitIndex ?? 0)
    // …then the clients move to the majority side, which elects a leader and commits its own.
    try h.sim.apply(.partition([[leader, buddy], rest + h.clients]))
    h.run(for: .seconds(3))
    try h.sim.apply(.heal)
    let eventsBefore = log.events.count
    h.run(for: .seconds(3))
    #expect(divergent >= 8, "the scenario needs a long divergent suffix, got \(divergent)")
    let rejections = log.events[eventsBefore...].filter {
      $0.kind == .deliver && ($0.summary ?? "").hasPrefix("appendNo")
    }.count
    #expect(rejections <= 12, "\(rejections) rejected appends to repair \(divergent) divergent entries on two servers")
    #expect(h.problems() == [])
    #expect(h.divergentServers == [])
  }
}
