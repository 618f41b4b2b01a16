import FailureDetection
import Simulation
import Testing
import Workbook

/// Lab 02, part 3 and the shapes of the measurements: load and detection time as N grows.
@Suite("Lab 02 · Gossip and scaling")
struct ScalingTests {
  @Test("Gossip-style: every live node declares each crashed node, and no live node, despite 10% loss", .points(5), .seeds(3))
  func gossipDetectsCrashes() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let scenario = Scenario(crashes: [(16, .seconds(1)), (15, .milliseconds(1300))], faults: [.drop(0.1)], duration: .seconds(4))
    let (m, sim) = try Harness.run("gossip", nodes: 16, scenario: scenario, seed: Seeds.current, trace: trace) {
      GossipMembership(peers: $1)
    }
    #expect(m.completeness == 1, "\(m)")
    #expect(m.liveNodesDeclared == 0, "a live node was declared failed: \(m)")
    for id in (1...14).map({ NodeID($0) }) {
      #expect(sim.node(id)?.liveMembers.contains(15) == false && sim.node(id)?.record.declared[16] != nil,
        "\(id) should have declared n15 and n16 failed")
    }
  }

  @Test("Messages per node per second: all-to-all grows like N, SWIM and gossip stay flat (N = 8 against N = 32)", .points(10))
  func loadShapes() throws {
    let quiet = Scenario(duration: .seconds(2))
    func rate(_ kind: DetectorKind, _ n: Int) throws -> Measurement { try kind.measure(nodes: n, scenario: quiet, seed: 1) }
    let allToAll = (try rate(.allToAll, 8), try rate(.allToAll, 32))
    let swim = (try rate(.swim, 8), try rate(.swim, 32))
    let gossip = (try rate(.gossip, 8), try rate(.gossip, 32))
    let grows = allToAll.1.messagesPerNodeSecond / allToAll.0.messagesPerNodeSecond
    #expect((3.5...5.0).contains(grows), "all-to-all: \(allToAll.0.messagesPerNodeSecond) → \(allToAll.1.messagesPerNodeSecond) msgs/s/node, ×\(grows); expected about ×31/7 ≈ 4.4")
    let flat = swim.1.messagesPerNodeSecond / swim.0.messagesPerNodeSecond
    #expect(swim.0.messagesPerNodeSecond > 0 && (0.8...1.25).contains(flat),
      "SWIM: \(swim.0.messagesPerNodeSecond) → \(swim.1.messagesPerNodeSecond) msgs/s/node, ×\(flat); expected flat")
    let gossipMessages = gossip.1.messagesPerNodeSecond / gossip.0.messagesPerNodeSecond
    let gossipBytes = gossip.1.bytesPerNodeSecond / gossip.0.bytesPerNodeSecond
    #expect(gossip.0.messagesPerNodeSecond > 0 && (0.8...1.25).contains(gossipMessages),
      "gossip: \(gossip.0.messagesPerNodeSecond) → \(gossip.1.messagesPerNodeSecond) msgs/s/node; expected flat")
    #expect(gossipBytes >= 3, "gossip: bytes/s/node ×\(gossipBytes) from N = 8 to 32; each message carries the whole list, so it should grow like N")
  }

  @Test("SWIM's time to first detection does not grow with N (N = 8 against N = 32)", .points(10), .seeds(3))
  func swimDetectionIndependentOfN() throws {
    func firstDetection(_ n: Int) throws -> Measurement {
      let crashes = (0..<4).map { (node: NodeID(n - $0), at: Duration.seconds(1) + .milliseconds(330) * $0) }
      return try Harness.run("SWIM", nodes: n, scenario: Scenario(crashes: crashes, duration: .seconds(3)), seed: Seeds.current) {
        SWIM(peers: $1)
      }.0
    }
    let small = try firstDetection(8), large = try firstDetection(32)
    let a = try #require(small.firstDetectionMean), b = try #require(large.firstDetectionMean)
    // Someone probes a crashed node within e/(e − 1) ≈ 1.6 periods on average; it is suspected at the end of that period.
    #expect(a <= 0.4 && b <= 0.4, "mean time to first suspicion: \(a) s at N = 8, \(b) s at N = 32; expected a few 100 ms periods")
    #expect(b <= 2 * a + 0.1, "mean time to first suspicion grew from \(a) s at N = 8 to \(b) s at N = 32")
  }

  @Test("Gossip-style detection time grows slowly with N, about log N rounds (N = 8 against N = 64)", .points(10), .seeds(3))
  func gossipDetectionGrowsLikeLogN() throws {
    let failAfter = 1.0, round = 0.1
    func detection(_ n: Int) throws -> Double {
      let crashes = (0..<3).map { (node: NodeID(n - $0), at: Duration.seconds(1) + .milliseconds(330) * $0) }
      let m = try Harness.run("gossip", nodes: n, scenario: Scenario(crashes: crashes, duration: .seconds(4)), seed: Seeds.current) {
        GossipMembership(peers: $1, failAfter: .seconds(failAfter))
      }.0
      #expect(m.completeness == 1, "N = \(n): \(m)")
      return try #require(m.detectionMean)
    }
    let small = try detection(8), large = try detection(64)
    // Detection = T_fail + the time the crashed node's last counter took to reach the observer,
    // which grows like log N: log₂(64/8) = 3 more doublings.
    #expect(small >= failAfter - 2 * round, "mean detection \(small) s at N = 8: well below T_fail = \(failAfter) s")
    #expect(large > small, "mean detection should grow with N: \(small) s at N = 8, \(large) s at N = 64")
    #expect(large - small <= 4 * round, "mean detection grew by \(large - small) s from N = 8 to 64; about 3 rounds more is expected")
  }
}
