import FailureDetection
import Simulation
import Testing
import Workbook

/// Lab 02, part 5: the φ accrual detector.
@Suite("Lab 02 · φ accrual")
struct PhiAccrualTests {
  @Test("After a crash φ rises smoothly, through intermediate levels, and crosses the threshold", .points(10))
  func phiRisesAfterCrash() throws {
    let crash = Duration.seconds(3)
    let sim = try Simulator<PhiAccrual>(
      nodes: [1, 2, 3, 4], seed: 1, faults: [.schedule([.init(at: crash, .crash(4))])], label: "phi-rises"
    ) { id in PhiAccrual(peers: ([1, 2, 3, 4] as [NodeID]).filter { $0 != id }) }
    sim.run(until: crash + .milliseconds(5))
    var levels: [Double] = []
    while sim.now < crash + .milliseconds(600) {
      levels.append(sim.node(1)?.phi(of: 4, at: sim.now) ?? 0)
      sim.run(for: .milliseconds(5))
    }
    let threshold = try #require(sim.node(1)).threshold
    let drops = zip(levels, levels.dropFirst()).filter { $1 < $0 }
    #expect(drops.isEmpty, "φ of the crashed node fell \(drops.count) times after the crash: \(levels.prefix(30))")
    let between = levels.filter { $0 > 0.5 && $0 < threshold }
    #expect(between.count >= 5, "φ should accrue through levels between 0.5 and \(threshold), not jump: \(levels.prefix(40))")
    #expect((levels.last ?? 0) > threshold, "600 ms after the crash φ is \(levels.last ?? 0), below the threshold \(threshold)")
    let suspectedAt = try #require(sim.node(1)?.record.suspicions[4], "n1 should suspect n4")
    #expect(suspectedAt - crash <= .milliseconds(400), "n1 suspected n4 \(suspectedAt - crash) after it crashed")
  }

  @Test("A jittery but alive node (0–40 ms delay on 100 ms heartbeats) is not suspected at φ > 8, and a crash still is", .points(10), .seeds(5))
  func jitterIsNotAFailure() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let scenario = Scenario(
      crashes: [(4, .seconds(8))], faults: [.delay(.uniform(.zero, .milliseconds(40)))], duration: .seconds(9))
    let (m, _) = try Harness.run("phi", nodes: 4, scenario: scenario, seed: Seeds.current, trace: trace) {
      PhiAccrual(peers: $1, threshold: 8)
    }
    #expect(m.liveNodesEverSuspected == 0, "a live node with jittery links was suspected: \(m)")
    #expect(m.completeness == 1 && (m.detectionTimes.max() ?? .seconds(9)) <= .milliseconds(600), "the crash of n4 should be found within 600 ms: \(m)")
  }
}
