import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 4d: persistence, crashes and an unreliable network.
@Suite("Lab 07 · Raft · persistence and faults")
struct RaftPersistenceTests {
  @Test("Persistence: after every server crashes and restarts, terms, votes and logs are as before and work goes on",
    .points(5), .seeds(20))
  func wholeClusterRestart() throws {
    let h = try RaftHarness(servers: 3, operations: 30, seed: Seeds.current)
    h.run(until: { $0.completedOperations >= 15 }, limit: .seconds(5))
    let before = h.servers.map { h.storage($0) }
    for id in h.servers { try h.sim.apply(.crash(id)) }
    h.run(for: .milliseconds(100))
    for id in h.servers { try h.sim.apply(.restart(id)) }
    #expect(h.servers.map { h.storage($0) } == before, "storage changed across a crash-restart")
    h.run(until: { $0.completedOperations + $0.sim.history.indeterminateCount >= 30 }, limit: .seconds(10))
    h.run(for: .milliseconds(500))
    #expect(h.completedOperations >= 29)
    #expect(h.problems(requireAllApplied: true) == [])
    #expect(h.servers.allSatisfy { h.term($0) > before[0].currentTerm || h.term($0) >= before.map(\.currentTerm).max()! })
  }

  @Test("Repeated crash-restarts of any server during a workload (5 servers): safe, and most operations complete",
    .points(10), .seeds(20))
  func crashRestartChurn() throws {
    let h = try RaftHarness(
      servers: 5, clients: 3, operations: 20, seed: Seeds.current,
      faults: [.schedule(try Self.crashSchedule(servers: 5, until: 6_000, seed: Seeds.current))])
    h.run(for: .seconds(12))
    #expect(h.problems(requireAllApplied: true) == [])
    #expect(h.completedOperations >= 45, "only \(h.completedOperations) of 60 operations completed")
    #expect(h.sim.statistics.crashes >= 8)
    #expect(h.divergentServers == [])
  }

  @Test("Unreliable network churn: loss, duplication, reordering, partitions and crashes together; safe, then live once calm",
    .points(10), .seeds(20))
  func unreliableChurn() throws {
    var random = SimulationRandom(seed: Seeds.current &* 7919)
    var schedule = try Self.crashSchedule(servers: 5, until: 5_000, seed: Seeds.current)
    var at = 200
    while at < 5_000 {
      let cut = Array((1...5).map { NodeID($0) }.shuffled(using: &random).prefix(2))
      schedule.entries.append(.init(at: .milliseconds(at), .partition([cut, (1...5).map { NodeID($0) }.filter { !cut.contains($0) }])))
      let length = 100 + Int(random.next() % 600)
      schedule.entries.append(.init(at: .milliseconds(at + length), .heal))
      at += length + 100 + Int(random.next() % 400)
    }
    schedule.entries.sort { $0.at < $1.at }
    let h = try RaftHarness(
      servers: 5, clients: 3, operations: 20, seed: Seeds.current,
      faults: [
        .drop(0.1), .duplicate(0.05), .reorder(0.2, by: .uniform(.milliseconds(1), .milliseconds(30))),
        .schedule(schedule),
      ])
    h.run(for: .seconds(15))
    #expect(h.problems(requireAllApplied: true) == [])
    let finished = h.completedOperations + h.sim.history.indeterminateCount
    #expect(finished == 60, "operations still open after 10 calm seconds: \(60 - finished)")
    #expect(h.completedOperations >= 40)
  }

  @Test("A crash-restart placed after each of the first 150 events in turn (3 servers): safe, and every command completes",
    .points(5))
  func crashAtEveryStep() throws {
    var runs = 0
    var failures: [String] = []
    for step in 0..<150 {
      let h = try RaftHarness(servers: 3, operations: 6, seed: 1)
      for _ in 0..<step where h.sim.step() { h.monitor.observe(h.sim) }
      // The leader if there is one (the interesting victim), else each server in turn.
      let victim = h.leader ?? h.servers[step % 3]
      try h.sim.apply(.crash(victim))
      h.run(for: .milliseconds(150))
      try h.sim.apply(.restart(victim))
      h.run(until: { $0.completedOperations == 6 }, limit: .seconds(5))
      h.run(for: .milliseconds(200))
      runs += 1
      let problems = h.problems(requireAllApplied: true)
      if !problems.isEmpty || h.completedOperations != 6 {
        failures.append("crash of \(victim) after event \(step): \(h.completedOperations)/6 completed; \(problems)")
      }
    }
    #expect(runs == 150)
    #expect(failures.isEmpty, "\(failures.prefix(3).joined(separator: "\n"))")
  }

  /// Crashes of random servers (one at a time, each down 50–500 ms) until `until` milliseconds.
  static func crashSchedule(servers: Int, until: Int, seed: UInt64) throws -> FaultSchedule {
    var random = SimulationRandom(seed: seed &* 31 &+ 17)
    var entries: [FaultSchedule.Entry] = []
    var at = 300
    while at < until {
      let victim = NodeID(1 + Int(random.next() % UInt64(servers)))
      let down = 50 + Int(random.next() % 450)
      entries.append(.init(at: .milliseconds(at), .crash(victim)))
      entries.append(.init(at: .milliseconds(at + down), .restart(victim)))
      at += down + 50 + Int(random.next() % 300)
    }
    return FaultSchedule(entries)
  }
}
