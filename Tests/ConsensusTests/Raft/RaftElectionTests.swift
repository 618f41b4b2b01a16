import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 4a: Raft leader election.
@Suite("Lab 07 · Raft · election")
struct RaftElectionTests {
  @Test("Initial election: one leader within a second, then no more elections and a heartbeat budget",
    .points(5), .seeds(20))
  func initialElection() throws {
    let h = try RaftHarness(servers: 3, seed: Seeds.current)
    let leader = try #require(h.awaitLeader(limit: .seconds(1)), "no leader after 1 s")
    let term = h.term(leader)
    let sentBefore = h.sim.statistics.sent
    h.run(for: .seconds(2))
    #expect(h.leader == leader && h.term(leader) == term, "a quiet cluster re-elected: \(h.leaders)")
    #expect(h.servers.allSatisfy { h.term($0) == term })
    // Heartbeats every 50 ms to 2 followers, each answered: about 80 messages a second.
    let perSecond = Double(h.sim.statistics.sent - sentBefore) / 2
    #expect(perSecond <= 100, "\(perSecond) messages/s in a quiet 3-server cluster")
    #expect(h.monitor.violations == [])
  }

  @Test("Re-election: a crashed or isolated leader is replaced, and its return does not disturb the new one",
    .points(5), .seeds(20))
  func reElection() throws {
    let h = try RaftHarness(servers: 3, seed: Seeds.current)
    let first = try #require(h.awaitLeader())
    try h.sim.apply(.isolate(first))
    let second = try #require(h.awaitLeader(limit: .seconds(2), excluding: first), "no new leader after isolating \(first)")
    #expect(second != first)
    try h.sim.apply(.heal)
    h.run(for: .seconds(1))
    #expect(h.leaders.filter { h.term($0.id) == h.term(second) }.count == 1)
    let current = try #require(h.awaitLeader())
    try h.sim.apply(.crash(current))
    let third = try #require(h.awaitLeader(limit: .seconds(2), excluding: current), "no new leader after crashing \(current)")
    #expect(third != current)
    try h.sim.apply(.restart(current))
    h.run(for: .seconds(1))
    #expect(h.awaitLeader() != nil)
    #expect(h.monitor.violations == [])
  }

  @Test("No quorum, no leader: with 2 of 3 servers down nobody leads; with one back, a leader emerges",
    .points(5), .seeds(20))
  func noQuorumNoLeader() throws {
    let h = try RaftHarness(servers: 3, seed: Seeds.current)
    let leader = try #require(h.awaitLeader())
    let others = h.servers.filter { $0 != leader }
    try h.sim.apply(.crash(leader))
    try h.sim.apply(.crash(others[0]))
    h.run(for: .seconds(2))
    #expect(h.leaders.isEmpty, "\(h.leaders) leads without a majority")
    #expect(h.term(others[1]) > h.term(leader), "the survivor should keep campaigning")
    try h.sim.apply(.restart(others[0]))
    #expect(h.awaitLeader(limit: .seconds(2)) != nil, "no leader once a majority is back")
    #expect(h.monitor.violations == [])
  }

  @Test("Election safety under loss and repeated partitions: never two leaders in one term (5 servers)",
    .points(5), .seeds(20))
  func electionSafetyUnderChurn() throws {
    let h = try RaftHarness(
      servers: 5, seed: Seeds.current,
      faults: [
        .drop(0.1), .duplicate(0.05),
        .randomPartitions(every: .uniform(.milliseconds(200), .milliseconds(600)), lasting: .uniform(.milliseconds(100), .milliseconds(800))),
      ])
    h.run(for: .seconds(10))
    #expect(h.monitor.violations == [])
    #expect(h.monitor.leaderOfTerm.count >= 3, "too few elections to mean much: \(h.monitor.leaderOfTerm)")
  }
}
