import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 4e: log compaction with snapshots, and InstallSnapshot.
@Suite("Lab 07 · Raft · snapshots")
struct RaftSnapshotTests {
  static let options = RaftOptions().with { $0.snapshotThreshold = 10 }

  @Test("Snapshots keep the log short while the machine keeps every command", .points(5), .seeds(10))
  func logStaysShort() throws {
    let h = try RaftHarness(servers: 3, operations: 60, seed: Seeds.current, options: Self.options)
    var longest = 0
    h.run(until: { h in
      longest = max(longest, h.servers.map { h.storage($0).log.entries.count }.max()!)
      return h.completedOperations == 60
    }, limit: .seconds(10))
    h.run(for: .milliseconds(300))
    #expect(h.completedOperations == 60)
    #expect(longest <= 30, "a log held \(longest) entries with snapshots every 10")
    #expect(h.servers.allSatisfy { h.storage($0).log.snapshotIndex >= 50 })
    #expect(h.problems(requireAllApplied: true) == [])
  }

  @Test("A follower that was down catches up through InstallSnapshot, and a restarted server resumes from its snapshot",
    .points(5), .seeds(10))
  func laggingFollowerInstallsSnapshot() throws {
    let log = TraceLog()
    let h = try RaftHarness(servers: 3, operations: 50, seed: Seeds.current, options: Self.options, trace: log)
    let leader = try #require(h.awaitLeader())
    let follower = h.servers.first { $0 != leader }!
    try h.sim.apply(.crash(follower))
    h.run(until: { $0.completedOperations >= 40 }, limit: .seconds(10))
    try h.sim.apply(.restart(follower))
    h.run(until: { $0.completedOperations == 50 }, limit: .seconds(10))
    h.run(for: .milliseconds(500))
    #expect(log.events.contains { $0.kind == .log && $0.node == follower && ($0.detail ?? $0.summary ?? "").contains("installed snapshot") },
      "the follower should have caught up through InstallSnapshot")
    #expect(h.values(follower) == h.values(leader))
    // A restart resumes from the snapshot, before hearing from anyone.
    try h.sim.apply(.crash(follower))
    try h.sim.apply(.restart(follower))
    h.sim.run(for: .nanoseconds(1))
    let snapshot = h.storage(follower).log.snapshot
    #expect(snapshot != nil && h.server(follower)?.lastApplied == snapshot?.lastIndex)
    #expect(h.server(follower)?.state == snapshot?.state)
    #expect(h.problems(requireAllApplied: true) == [])
  }

  @Test("Snapshots under crash-restarts and loss: safe, and machines agree", .points(5), .seeds(20))
  func snapshotsUnderChurn() throws {
    let h = try RaftHarness(
      servers: 5, clients: 3, operations: 25, seed: Seeds.current, options: Self.options,
      faults: [.drop(0.05), .schedule(try RaftPersistenceTests.crashSchedule(servers: 5, until: 5_000, seed: Seeds.current))])
    h.run(for: .seconds(12))
    #expect(h.problems(requireAllApplied: true) == [])
    #expect(h.completedOperations >= 60)
    #expect(h.divergentServers == [])
  }
}
