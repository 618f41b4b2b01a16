import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 1: two-phase commit with a write-ahead log and a termination protocol.
@Suite("Lab 07 · Two-phase commit")
struct TwoPhaseCommitTests {
  @Test("Commits when every participant votes yes, aborts when one votes no", .points(5))
  func decidesByVotes() throws {
    let yes = try CommitCluster.simulator(seed: 1)
    yes.run(for: .seconds(1))
    #expect(CommitCluster.outcomes(yes).values.allSatisfy { $0 == .committed }, "\(CommitCluster.outcomes(yes))")
    let no = try CommitCluster.simulator(seed: 1, noVoter: 3)
    no.run(for: .seconds(1))
    #expect(CommitCluster.outcomes(no).values.allSatisfy { $0 == .aborted }, "\(CommitCluster.outcomes(no))")
  }

  @Test(
    "Atomic with a crash and restart of any node injected after every step of the protocol in turn",
    .points(15), arguments: [nil, 3] as [NodeID?])
  func atomicUnderCrashAtEveryStep(noVoter: NodeID?) throws {
    // How many events a fault-free run takes: the crash goes after each of them in turn.
    let clean = try CommitCluster.simulator(seed: 1, noVoter: noVoter)
    clean.run(for: .seconds(1))
    let steps = clean.statistics.events
    var runs = 0
    for victim in CommitCluster.nodes {
      for k in CommitCluster.nodes.count..<steps {
        let sim = try CommitCluster.simulator(seed: 1, noVoter: noVoter)
        for _ in 0..<k where sim.step() {}
        try sim.apply(.crash(victim))
        sim.run(for: .milliseconds(250))
        try sim.apply(.restart(victim))
        sim.run(for: .seconds(3))
        let outcomes = CommitCluster.outcomes(sim)
        let place = "crash of \(victim) after step \(k) of \(steps)"
        #expect(CommitCluster.atomicityViolation(outcomes) == nil, "\(place): \(outcomes)")
        #expect(CommitCluster.undecided(outcomes) == [], "\(place): still undecided after the restart: \(outcomes)")
        if noVoter != nil { #expect(!outcomes.values.contains(.committed), "\(place): committed despite a no vote") }
        runs += 1
      }
    }
    #expect(runs >= 4 * 8, "too few crash points: \(runs)")
  }

  @Test("Blocks when the coordinator dies for good after every participant prepared", .points(5))
  func blocksWithoutCoordinator() throws {
    let sim = try CommitCluster.simulator(seed: 1)
    // Run until every participant has voted yes, then crash the coordinator before the votes land.
    _ = sim.run(
      until: { sim in CommitCluster.participants.allSatisfy { sim.storage(of: $0)?.outcome == .prepared } },
      timeLimit: .seconds(1))
    try sim.apply(.crash(CommitCluster.coordinator))
    let sentBefore = sim.statistics.sent
    sim.run(for: .seconds(5))
    let outcomes = CommitCluster.outcomes(sim)
    #expect(CommitCluster.participants.allSatisfy { outcomes[$0] == .prepared }, "\(outcomes)")
    #expect(sim.statistics.sent - sentBefore > 100, "prepared participants keep asking (the termination protocol)")
  }

  @Test("A participant in doubt learns the decision from another participant", .points(5))
  func terminationProtocol() throws {
    let sim = try CommitCluster.simulator(seed: 1)
    // The coordinator decides; its decision reaches n2 only, and then it crashes for good.
    _ = sim.run(until: { $0.storage(of: CommitCluster.coordinator)?.outcome == .committed }, timeLimit: .seconds(1))
    try sim.apply(.block(from: 1, to: 3))
    try sim.apply(.block(from: 1, to: 4))
    sim.run(for: .milliseconds(20))
    try sim.apply(.crash(CommitCluster.coordinator))
    sim.run(for: .seconds(2))
    let outcomes = CommitCluster.outcomes(sim)
    #expect(CommitCluster.participants.allSatisfy { outcomes[$0] == .committed }, "\(outcomes)")
  }

  @Test("Atomic and decided under loss, duplication and random crash-restarts", .points(10), .seeds(20))
  func atomicUnderRandomFaults() throws {
    // Crash-restarts of random nodes for the first 3 s, one at a time; then the network keeps
    // losing and duplicating, and every node must still get to a decision.
    var random = SimulationRandom(seed: Seeds.current)
    var schedule: [String] = []
    var at = 20
    while at < 3_000 {
      let victim = CommitCluster.nodes[Int(random.next() % 4)]
      let down = 10 + Int(random.next() % 200)
      schedule.append("at \(at)ms crash \(victim); at \(at + down)ms restart \(victim)")
      at += down + 20 + Int(random.next() % 300)
    }
    let sim = try CommitCluster.simulator(
      seed: Seeds.current, noVoter: Seeds.current % 3 == 0 ? 2 : nil,
      faults: [.drop(0.1), .duplicate(0.1), .schedule(try FaultSchedule.parse(schedule.joined(separator: "; ")))])
    sim.run(for: .seconds(8))
    let outcomes = CommitCluster.outcomes(sim)
    #expect(sim.statistics.crashes >= 5)
    #expect(CommitCluster.atomicityViolation(outcomes) == nil, "\(outcomes)")
    #expect(CommitCluster.undecided(outcomes) == [], "\(outcomes)")
  }
}
