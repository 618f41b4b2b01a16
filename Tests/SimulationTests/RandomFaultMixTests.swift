import Simulation
import SimulationExamples
import Testing

@Suite("Random mixes of faults")
struct RandomFaultMixTests {
  /// A random combination of every kind of nemesis, drawn from the seed.
  func faults(seed: UInt64) -> [Nemesis] {
    var random = SimulationRandom(seed: seed)
    var faults: [Nemesis] = [.drop(random.nextUnitInterval() * 0.3), .duplicate(random.nextUnitInterval() * 0.2)]
    if random.chance(0.5) { faults.append(.reorder(0.3)) }
    if random.chance(0.5) { faults.append(.delay(.exponential(minimum: .milliseconds(1), mean: .milliseconds(4)), on: .touching(1))) }
    if random.chance(0.5) { faults.append(.randomPartitions(every: .uniform(.milliseconds(50), .milliseconds(200)), lasting: .fixed(.milliseconds(80)))) }
    if random.chance(0.5) { faults.append(.randomCrashes(every: .uniform(.milliseconds(50), .milliseconds(200)), downFor: .fixed(.milliseconds(60)))) }
    if random.chance(0.5) { faults.append(.clock(2, ClockModel(offset: .milliseconds(7), drift: 0.01))) }
    return faults
  }

  @Test("The trace stays consistent under any mix: time never goes back, every delivery and drop follows its send, reads return written values",
    arguments: TestSeeds.values(40))
  func consistentUnderAnyMix(seed: UInt64) throws {
    let log = TraceLog()
    let replicas: [NodeID] = [1, 2, 3]
    let workload = Workload<RegisterOperation>(clients: [4, 5], operationsPerClient: 8) { client, index, random in
      random.chance(0.5) ? .read : .write(client.rawValue * 100 + index)
    }
    let sim = try Simulator<RegisterNode>(
      nodes: replicas + [4, 5], seed: seed, faults: faults(seed: seed), workload: workload, trace: log
    ) { id in replicas.contains(id) ? .replica(RegisterReplica()) : .client(RegisterClient(replicas: replicas)) }
    sim.run(for: .seconds(5))
    let replay = TestSeeds.replay(seed, "RandomFaultMixTests")
    #expect(zip(log.events, log.events.dropFirst()).allSatisfy { $0.time <= $1.time }, replay)
    var sent = Set<Int>()
    for event in log.events {
      if event.kind == .send, let id = event.message { sent.insert(id) }
      if [.deliver, .drop, .duplicate].contains(event.kind), let id = event.message { #expect(sent.contains(id), replay) }
    }
    #expect(sim.issues.isEmpty, "\(sim.issues) — \(replay)")
    var written: Set<HistoryValue> = [.null]
    for event in sim.history.events {
      if event.type == .invoke && event.function == "write" { written.insert(event.value) }
      if event.type == .ok && event.function == "read" { #expect(written.contains(event.value), replay) }
    }
    let s = sim.statistics
    #expect(s.delivered + s.dropped <= s.sent + s.duplicated, replay)
  }
}
