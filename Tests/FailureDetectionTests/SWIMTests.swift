import FailureDetection
import Simulation
import Testing
import Workbook

/// Lab 02, part 4: SWIM's indirect probes and its suspicion mechanism.
@Suite("Lab 02 · SWIM")
struct SWIMTests {
  @Test("Finds every crash, and declares it dead, on a reliable network", .points(5), .seeds(3))
  func detectsAndDeclaresCrashes() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let scenario = Scenario(crashes: [(8, .seconds(1)), (7, .milliseconds(1300))], duration: .seconds(4))
    let (m, sim) = try Harness.run("SWIM", nodes: 8, scenario: scenario, seed: Seeds.current, trace: trace) { SWIM(peers: $1) }
    #expect(m.completeness == 1 && m.liveNodesEverSuspected == 0, "\(m)")
    for id in (1...6).map({ NodeID($0) }) {
      #expect(sim.node(id)?.dead == [7, 8], "\(id) declared \(sim.node(id)?.dead ?? []) dead; n7 and n8 crashed")
    }
  }

  @Test("Under 10% loss, indirect probes make false suspicions rarer: K = 3 against K = 0, as the SWIM paper predicts", .points(10), .seeds(3))
  func indirectProbesCutFalseSuspicions() throws {
    func failedFraction(k: Int) throws -> (failed: Double, suspicions: Int) {
      let scenario = Scenario(faults: [.drop(0.1)], duration: .seconds(4))
      let (_, sim) = try Harness.run("SWIM K=\(k)", nodes: 16, scenario: scenario, seed: Seeds.current) {
        SWIM(peers: $1, indirectProbes: k)
      }
      let nodes = sim.nodeIDs.compactMap { sim.node($0) }
      let sent = nodes.reduce(0) { $0 + $1.probesSent }, failed = nodes.reduce(0) { $0 + $1.probesFailed }
      let suspicions = nodes.reduce(0) { $0 + $1.record.suspicionCounts.values.reduce(0, +) }
      return (Double(failed) / Double(max(1, sent)), suspicions)
    }
    let direct = try failedFraction(k: 0), indirect = try failedFraction(k: 3)
    // A direct probe fails when the ping or the ack is lost: 1 − 0.9² = 0.19. With K relays it
    // also needs all K four-message paths to fail: 0.19 · (1 − 0.9⁴)³ ≈ 0.008.
    #expect((0.12...0.26).contains(direct.failed), "with K = 0, \(direct.failed) of probes failed; expected about 0.19")
    #expect(indirect.failed <= 0.03, "with K = 3, \(indirect.failed) of probes failed; expected about 0.008")
    #expect(direct.suspicions > 0 && indirect.suspicions * 4 <= direct.suspicions,
      "suspicions: \(direct.suspicions) with K = 0, \(indirect.suspicions) with K = 3; expected at least 4 times fewer")
  }

  @Test("A falsely suspected live node refutes with a higher incarnation and is never declared dead", .points(10), .seeds(5))
  func suspicionIsRefuted() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let scenario = Scenario(faults: [.drop(0.1)], duration: .seconds(6))
    let (m, sim) = try Harness.run("SWIM K=1", nodes: 8, scenario: scenario, seed: Seeds.current, trace: trace) {
      SWIM(peers: $1, indirectProbes: 1)
    }
    let nodes = sim.nodeIDs.compactMap { sim.node($0) }
    let suspected = sim.nodeIDs.filter { id in nodes.contains { ($0.record.suspicionCounts[id] ?? 0) > 0 } }
    #expect(!suspected.isEmpty, "with 10% loss and K = 1 some live node should have been suspected: \(m)")
    for id in suspected {
      #expect((sim.node(id)?.incarnation ?? 0) > 0, "\(id) was suspected but never raised its incarnation to refute")
    }
    #expect(m.liveNodesDeclared == 0, "no node crashed, yet some were declared dead: \(nodes.map(\.dead))")
  }
}
