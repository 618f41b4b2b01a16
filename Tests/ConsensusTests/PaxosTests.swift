import Consensus
import Simulation
import Testing
import Workbook

/// Lab 07, part 2: single-decree Paxos.
@Suite("Lab 07 · Paxos")
struct PaxosTests {
  /// A cluster of `size` nodes where the first `proposers` propose 100 + their number.
  static func simulator(
    size: Int, proposers: Int, seed: UInt64, faults: [Nemesis] = []
  ) throws -> Simulator<Paxos> {
    let nodes = (1...size).map { NodeID($0) }
    return try Simulator<Paxos>(nodes: nodes, seed: seed, faults: faults, trace: TraceRecording.log(), label: "paxos") { id in
      Paxos(id: id, peers: nodes, proposal: id.rawValue <= proposers ? 100 + id.rawValue : nil)
    }
  }

  /// The decisions, read from stable storage; problems with agreement or validity, as text.
  static func problems(_ sim: Simulator<Paxos>, proposers: Int) -> [String] {
    let decided = sim.nodeIDs.compactMap { id in sim.storage(of: id)?.decided.map { (id, $0) } }
    var problems: [String] = []
    if Set(decided.map(\.1)).count > 1 { problems.append("disagreement: \(decided)") }
    for (id, value) in decided where !(101...(100 + proposers)).contains(value) {
      problems.append("\(id) decided \(value), which nobody proposed")
    }
    return problems
  }

  @Test("One proposer, no faults: every node decides its value", .points(5))
  func singleProposer() throws {
    let sim = try Self.simulator(size: 3, proposers: 1, seed: 1)
    sim.run(for: .seconds(1))
    #expect(sim.nodeIDs.allSatisfy { sim.storage(of: $0)?.decided == 101 })
  }

  @Test(
    "Agreement and validity with dueling proposers under loss, duplication, reordering and acceptor crash-restarts",
    .points(15), .seeds(20), arguments: [3, 5])
  func safeUnderFaults(size: Int) throws {
    var random = SimulationRandom(seed: Seeds.current &* 31 &+ UInt64(size))
    var schedule: [String] = []
    var at = 10
    while at < 2_000 {
      let victim = 1 + Int(random.next() % UInt64(size))
      let down = 5 + Int(random.next() % 150)
      schedule.append("at \(at)ms crash n\(victim); at \(at + down)ms restart n\(victim)")
      at += down + 10 + Int(random.next() % 150)
    }
    let sim = try Self.simulator(
      size: size, proposers: size, seed: Seeds.current,
      faults: [
        .drop(0.2), .duplicate(0.1), .reorder(0.3, by: .uniform(.milliseconds(1), .milliseconds(20))),
        .schedule(try FaultSchedule.parse(schedule.joined(separator: "; "))),
      ])
    var checks = 0
    while sim.now < .seconds(3) {
      sim.run(for: .milliseconds(50))
      #expect(Self.problems(sim, proposers: size) == [], "at \(sim.now)")
      checks += 1
    }
    #expect(checks >= 50)
    #expect(sim.statistics.crashes >= 5)
    let decided = sim.nodeIDs.filter { sim.storage(of: $0)?.decided != nil }
    #expect(decided.count >= size / 2 + 1, "the check means little if nobody decides: decided \(decided)")
  }

  @Test("Liveness: once the network is stable and crashes stop, every node decides", .points(10), .seeds(20))
  func liveOnceStable() throws {
    let sim = try Self.simulator(
      size: 5, proposers: 3, seed: Seeds.current,
      faults: [.schedule(try FaultSchedule.parse("at 0ms partition n1,n2|n3,n4,n5; at 300ms heal; at 400ms crash n3; at 600ms restart n3"))])
    sim.run(for: .seconds(3))
    #expect(Self.problems(sim, proposers: 3) == [])
    let undecided = sim.nodeIDs.filter { sim.storage(of: $0)?.decided == nil }
    #expect(undecided == [], "undecided after 3 s: \(undecided)")
  }

  @Test("Random-walk search: two dueling proposers never decide different values, with a crash-restart anywhere", .points(10))
  func searchAgreement() {
    let nodes: [NodeID] = [1, 2, 3]
    let explorer = Explorer(nodes: nodes, faults: ExplorationFaults(drops: 2, crashes: 1, restarts: true)) { id in
      Paxos(id: id, peers: nodes, proposal: id.rawValue <= 2 ? 100 + id.rawValue : nil)
    }
    .invariant("all decided values agree") { state in
      Set(nodes.compactMap { state.storage(of: $0)?.decided }).count <= 1
    }
    // Decisions take at least nine events, disagreements twice that: exhaustive search can't reach
    // that depth here, so the test walks deep random paths instead (each one a valid interleaving).
    let walks = explorer.randomWalks(1_500, depth: 80, seed: 7)
    #expect(walks.outcome == .walksCompleted(1_500), "\(walks.report)")
    let decides = explorer.goal("some node decided") { state in nodes.contains { state.storage(of: $0)?.decided != nil } }
      .randomWalks(200, depth: 80, seed: 7)
    #expect(decides.reachedGoal, "\(decides.report)")
  }
}
