import Simulation
import Testing

@Suite("Network faults")
struct NetworkFaultTests {
  /// Node 1 sends `count` messages to node 2 at start.
  func burst(count: Int, seed: UInt64, network: LinkConditions = .reliable, faults: [Nemesis] = [],
    trace: TraceLog? = nil) throws -> Simulator<Flood>
  {
    let sim = try Simulator<Flood>(nodes: [1, 2], seed: seed, network: network, faults: faults, trace: trace) { id in
      id == 1 ? Flood(targets: [2], count: count) : Flood()
    }
    sim.runUntilQuiescent()
    return sim
  }

  @Test("Loss rate stays within 5 standard deviations of the configured probability",
    arguments: TestSeeds.values(10))
  func dropRateWithinBound(seed: UInt64) throws {
    let count = 20_000, p = 0.3
    let sim = try burst(count: count, seed: seed, faults: [.drop(p)])
    let delivered = sim.node(2)!.values(from: 1).count
    let sigma = (Double(count) * p * (1 - p)).squareRoot()
    let lost = Double(count - delivered)
    #expect(abs(lost - Double(count) * p) < 5 * sigma, TestSeeds.replay(seed, "NetworkFaultTests"))
    #expect(sim.statistics.droppedByLoss == count - delivered)
  }

  @Test("Two drop nemeses on the same link compose as independent losses")
  func dropsCompose() throws {
    let count = 20_000
    let sim = try burst(count: count, seed: 3, faults: [.drop(0.5), .drop(0.5)])
    let rate = Double(count - sim.node(2)!.values(from: 1).count) / Double(count)
    #expect(abs(rate - 0.75) < 0.02)
  }

  @Test("A loss nemesis on one link leaves the others alone")
  func dropOnOneLink() throws {
    let sim = try Simulator<Flood>(nodes: [1, 2, 3], seed: 1, faults: [.drop(1, on: .link(from: 1, to: 2))]) { id in
      id == 1 ? Flood(targets: [2, 3], count: 100) : Flood()
    }
    sim.runUntilQuiescent()
    #expect(sim.node(2)!.values(from: 1).isEmpty)
    #expect(sim.node(3)!.values(from: 1) == Array(0..<100))
  }

  @Test("With duplication certain, every message is delivered exactly twice")
  func duplicatesDeliveredTwice() throws {
    let sim = try burst(count: 500, seed: 1, faults: [.duplicate(1)])
    let values = sim.node(2)!.values(from: 1)
    #expect(values.count == 1_000)
    let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
    #expect(counts.count == 500 && counts.values.allSatisfy { $0 == 2 })
    #expect(sim.statistics.duplicated == 500)
  }

  @Test("With partial duplication, the number of copies matches the probability", arguments: TestSeeds.values(5))
  func duplicationRate(seed: UInt64) throws {
    let count = 10_000
    let sim = try burst(count: count, seed: seed, faults: [.duplicate(0.2)])
    let extra = sim.node(2)!.values(from: 1).count - count
    let sigma = (Double(count) * 0.2 * 0.8).squareRoot()
    #expect(abs(Double(extra) - 2_000) < 5 * sigma, TestSeeds.replay(seed, "NetworkFaultTests"))
  }

  @Test("A fixed-delay link is FIFO; reordering lets later messages overtake earlier ones")
  func reorderHappens() throws {
    let fifo = try burst(count: 1_000, seed: 1).node(2)!.values(from: 1)
    #expect(fifo == Array(0..<1_000))
    let reordered = try burst(count: 1_000, seed: 1, faults: [.reorder(0.2)]).node(2)!.values(from: 1)
    #expect(reordered.sorted() == Array(0..<1_000), "reordering must not lose or invent messages")
    let inversions = zip(reordered, reordered.dropFirst()).count { $0 > $1 }
    #expect(inversions > 50)
  }

  @Test("Messages take the configured delay")
  func delayDistributions() throws {
    let fixed = try burst(count: 10, seed: 1, faults: [.delay(.fixed(.milliseconds(7)))])
    #expect(fixed.node(2)!.receivedAt.allSatisfy { $0 == .milliseconds(7) })
    let uniform = try burst(count: 2_000, seed: 1, faults: [.delay(.uniform(.milliseconds(2), .milliseconds(4)))])
    let times = uniform.node(2)!.receivedAt
    #expect(times.allSatisfy { $0 >= .milliseconds(2) && $0 < .milliseconds(4) })
    let tail = try burst(count: 5_000, seed: 1,
      faults: [.delay(.exponential(minimum: .milliseconds(1), mean: .milliseconds(10)))])
    let tailTimes = tail.node(2)!.receivedAt.map { Double($0.nanosecondCount) / 1e6 }
    let mean = tailTimes.reduce(0, +) / Double(tailTimes.count)
    #expect(tailTimes.allSatisfy { $0 >= 1 })
    #expect(abs(mean - 11) < 1, "mean of 1 ms + Exp(10 ms) should be near 11 ms, was \(mean)")
    #expect(tailTimes.contains { $0 > 40 }, "a long tail has some very late messages")
  }

  @Test("A partition blocks both directions between groups and heal restores them")
  func partitionBlocksBothWays() throws {
    let schedule = try FaultSchedule.parse("at 20ms partition n1|n2; at 50ms heal")
    let sim = try Simulator<Flood>(nodes: [1, 2], seed: 1, faults: [.schedule(schedule)]) { id in
      Flood(targets: [id == 1 ? 2 : 1], count: 100, interval: .milliseconds(1))
    }
    sim.run(for: .seconds(1))
    for (receiver, sender) in [(NodeID(2), NodeID(1)), (NodeID(1), NodeID(2))] {
      let values = sim.node(receiver)!.values(from: sender)
      // Message k is sent at k ms and arrives 1 ms later.
      #expect(values.allSatisfy { !(19...49).contains($0) }, "\(sender)→\(receiver) crossed the partition")
      #expect(values.contains(18) && values.contains(50), "\(sender)→\(receiver) blocked outside the partition")
    }
  }

  @Test("A one-way block stops one direction only")
  func oneWayBlock() throws {
    let sim = try Simulator<Flood>(nodes: [1, 2], seed: 1, faults: [.schedule(try .parse("at 0ms block n1->n2"))]) {
      id in Flood(targets: [id == 1 ? 2 : 1], count: 50, interval: .milliseconds(1))
    }
    sim.run(for: .seconds(1))
    #expect(sim.node(2)!.values(from: 1).isEmpty)
    #expect(sim.node(1)!.values(from: 2) == Array(0..<50))
    #expect(sim.isBlocked(from: 1, to: 2) && !sim.isBlocked(from: 2, to: 1))
  }

  @Test("Nodes outside every group keep all their links; messages in flight across a new partition are lost")
  func partitionDetails() throws {
    let trace = TraceLog()
    let sim = try Simulator<Flood>(
      nodes: [1, 2, 3], seed: 1, faults: [.delay(.fixed(.milliseconds(5)))], trace: trace
    ) { id in id == 3 ? Flood(targets: [1, 2], count: 10, interval: .milliseconds(1)) : Flood() }
    sim.run(for: .milliseconds(2))  // two sends to each of n1 and n2 in flight
    try sim.apply(.partition([[1], [2]]))
    #expect(!sim.isBlocked(from: 3, to: 1) && !sim.isBlocked(from: 1, to: 3) && sim.isBlocked(from: 1, to: 2))
    sim.run(for: .seconds(1))
    #expect(sim.node(1)!.values(from: 3) == Array(0..<10))
    try sim.apply(.isolate(1))
    #expect(sim.isBlocked(from: 3, to: 1) && sim.isBlocked(from: 1, to: 3))
    try sim.apply(.heal)
    #expect(!sim.isBlocked(from: 1, to: 2) && !sim.isBlocked(from: 3, to: 1))
    #expect(trace.events(.partition).count == 2 && trace.events(.heal).count == 1)
  }

  @Test("In-flight messages are dropped when a partition cuts their link before they arrive")
  func inFlightDroppedByPartition() throws {
    let trace = TraceLog()
    let sim = try Simulator<Flood>(
      nodes: [1, 2], seed: 1, faults: [.delay(.fixed(.milliseconds(10)))], trace: trace
    ) { id in id == 1 ? Flood(targets: [2], count: 5) : Flood() }
    sim.run(for: .milliseconds(5))
    try sim.apply(.partition([[1], [2]]))
    sim.runUntilQuiescent()
    #expect(sim.node(2)!.values(from: 1).isEmpty)
    #expect(trace.events(.drop).filter { $0.detail == "partition" }.count == 5)
  }

  @Test("A send to a node outside the cluster is recorded as an issue, and the run goes on")
  func unknownDestination() throws {
    let sim = try Simulator<Flood>(nodes: [1, 2], seed: 1) { id in
      id == 1 ? Flood(targets: [99, 2], count: 3) : Flood()
    }
    sim.runUntilQuiescent()
    #expect(sim.issues.count == 3)
    #expect(sim.issues.first?.message.contains("not in the cluster") == true)
    #expect(sim.node(2)!.values(from: 1) == [0, 1, 2])
  }
}
