import FailureDetection
import Simulation
import Testing
import Workbook

/// Lab 02, the fault scenarios beyond crash-stop: crash-recovery, omission, slow links, a partition.
@Suite("Lab 02 · Fault scenarios")
struct FaultScenarioTests {
  /// The detectors that judge by recent evidence alone, with no permanent verdict.
  static let evidenceOnly: [DetectorKind] = [.allToAll, .ping, .counters, .phi]

  @Test("Crash-recovery: all-to-all, ping, counters and φ suspect a node while it is down, and stop within a period of its restart", .points(10), .seeds(3))
  func restartedNodeIsNoLongerSuspected() throws {
    let scenario = Scenario(crashes: [(8, .seconds(1))], restarts: [(8, .seconds(2))], duration: .seconds(3))
    for kind in Self.evidenceOnly {
      let m = try kind.measure(nodes: 8, scenario: scenario, seed: Seeds.current)
      #expect(m.completeness == 1, "\(kind.rawValue): n8 was down for 1 s, and some live node did not suspect it: \(m)")
      #expect(m.recovered == 1 && m.suspectedAtEnd == 0, "\(kind.rawValue): n8 restarted at 2 s and is still suspected at 3 s: \(m)")
      let slowest = m.recoveryP99 ?? .seconds(99)
      #expect(slowest <= .milliseconds(110), "\(kind.rawValue): a suspicion of n8 ended \(slowest) after its restart; its first beat or ack comes within a period")
      #expect(m.liveNodesEverSuspected == 0, "\(kind.rawValue): a node that never crashed was suspected: \(m)")
    }
  }

  @Test("Omission: a node that loses 30% of what it sends is suspected again and again by all-to-all heartbeats, rarely by SWIM (indirect probes), and never declared dead", .points(10), .seeds(3))
  func indirectProbesRideOutAnOmittingNode() throws {
    var scenario = Scenario.omission(nodes: 8)
    scenario.crashes = []
    scenario.duration = .seconds(10)
    let heartbeats = try DetectorKind.allToAll.measure(nodes: 8, scenario: scenario, seed: Seeds.current)
    let swim = try DetectorKind.swim.measure(nodes: 8, scenario: scenario, seed: Seeds.current)
    let episodes = (heartbeats: heartbeats.watchedEpisodes ?? 0, swim: swim.watchedEpisodes ?? 0)
    // Heartbeats: each observer on its own suspects n2 when three beats in a row are lost (0.3³ ≈ 3%
    // of periods, so about 7 · 100 · 0.7 · 0.027 ≈ 13 times in 10 s). SWIM: n2 is probed about once a
    // period, and a probe fails only if its ack and all K = 3 indirect acks are lost (0.3⁴ ≈ 0.8%,
    // about once in 10 s); the suspicion then spreads, but it is one episode, and n2 refutes it.
    #expect((heartbeats.watchedEverSuspectedBy ?? 0) >= 0.5, "all-to-all: only \(heartbeats.watchedEverSuspectedBy ?? 0) of the observers ever suspected n2: \(heartbeats)")
    #expect(max(1, episodes.swim) * 3 <= episodes.heartbeats,
      "episodes in which someone suspected n2 in 10 s: SWIM \(episodes.swim), all-to-all \(episodes.heartbeats); expected about 1 against 12")
    #expect(swim.watchedDeclaredBy == 0 && swim.liveNodesDeclared == 0, "SWIM declared a live node dead: \(swim)")
  }

  @Test("Slow links: SWIM suspects a node whose round trips outlast its ping timeout, but the node refutes and is never declared dead; gossip never suspects it; both find the crash", .points(5), .seeds(3))
  func slowNodeIsSuspectedButNotDeclared() throws {
    let scenario = Scenario.slowLinks(nodes: 8)
    let swim = try DetectorKind.swim.measure(nodes: 8, scenario: scenario, seed: Seeds.current)
    let gossip = try DetectorKind.gossip.measure(nodes: 8, scenario: scenario, seed: Seeds.current)
    #expect((swim.watchedEverSuspectedBy ?? 0) >= 0.5, "SWIM: a 100–1000 ms round trip against a 30 ms ping timeout should get n2 suspected: \(swim)")
    #expect(swim.watchedDeclaredBy == 0, "SWIM declared the slow node dead; the suspect state should let it refute: \(swim)")
    #expect(gossip.watchedEverSuspectedBy == 0, "gossip: T_fail spans several rounds, longer than n2's slowest message, yet n2 was declared: \(gossip)")
    #expect(swim.completeness == 1 && gossip.completeness == 1, "the crash of n8 was missed: SWIM \(swim.completeness), gossip \(gossip.completeness)")
  }

  @Test("Partition: all-to-all, ping and counters suspect exactly the other side while it lasts, and stop within two periods of the heal", .points(5), .seeds(3))
  func partitionIsForgivenAfterTheHeal() throws {
    let scenario = try Scenario.partition(nodes: 8)
    for kind in [DetectorKind.allToAll, .ping, .counters] {
      let m = try kind.measure(nodes: 8, scenario: scenario, seed: Seeds.current)
      #expect(m.suspectedWhenBack == 1, "\(kind.rawValue): at the heal, not every node suspected every node across the partition: \(m)")
      #expect(m.recovered == 1 && m.suspectedAtEnd == 0, "\(kind.rawValue): suspicions remain after the heal: \(m)")
      let slowest = m.recoveryP99 ?? .seconds(99)
      #expect(slowest <= .milliseconds(200), "\(kind.rawValue): a suspicion ended \(slowest) after the heal; beats resume within a period")
      #expect(m.unexplainedSuspicions == 0, "\(kind.rawValue): \(m.unexplainedSuspicions) suspicions within a side; the partition only cut the other side off")
    }
  }
}
