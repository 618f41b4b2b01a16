import Simulation
import Testing
import Warmup
import Workbook

/// Lab 00's graded suite: reliable broadcast under a reliable, duplicating, lossy and reordering network.
@Suite("Lab 00 · Reliable broadcast")
struct ReliableBroadcastTests {
  @Test("Delivers every value on a reliable network", .points(5))
  func deliversOnReliableNetwork() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let sim = try WarmupCluster.simulator(seed: 1, trace: trace)
    sim.run(for: .seconds(1))
    #expect(WarmupCluster.deliveryProblems(in: sim) == [])
    #expect(WarmupCluster.nodes.allSatisfy { sim.node($0)?.isSettled == true }, "every value should be acknowledged by every peer")
  }

  @Test("Delivers each value once when the network duplicates messages", .points(5), .seeds(20))
  func deliversOnceDespiteDuplicates() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let sim = try WarmupCluster.simulator(seed: Seeds.current, faults: [.duplicate(0.3)], trace: trace)
    sim.run(for: .seconds(2))
    #expect(sim.statistics.duplicated > 0, "the network should have duplicated something")
    #expect(WarmupCluster.deliveryProblems(in: sim) == [])
  }

  @Test("Retransmits until every peer acknowledged, then stops, despite 10% loss", .points(10), .seeds(20))
  func retransmitsUntilAcknowledged() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let sim = try WarmupCluster.simulator(seed: Seeds.current, faults: [.drop(0.1)], trace: trace)
    sim.run(for: .seconds(5))
    #expect(WarmupCluster.deliveryProblems(in: sim) == [])
    for id in WarmupCluster.nodes {
      let waiting = sim.node(id)?.unacknowledged.sorted { $0.key < $1.key }.map { "value \($0.key) from \($0.value.sorted())" }
      #expect(waiting == [], "after 5 s, \(id) still waits for acknowledgements of \(waiting ?? [])")
    }
    let sentBefore = sim.statistics.sent
    sim.run(for: .seconds(5))
    #expect(
      sim.statistics.sent == sentBefore,
      "the nodes sent \(sim.statistics.sent - sentBefore) more messages between 5 s and 10 s; once every value is acknowledged, nothing should be sent")
  }

  @Test("Delivers each origin's values in the order it sent them when the network reorders", .points(10), .seeds(20))
  func deliversInOrderDespiteReordering() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let sim = try WarmupCluster.simulator(
      seed: Seeds.current, faults: [.reorder(0.5, by: .uniform(.milliseconds(1), .milliseconds(30))), .duplicate(0.1)],
      trace: trace)
    sim.run(for: .seconds(2))
    #expect(WarmupCluster.deliveryProblems(in: sim) == [])
  }
}
