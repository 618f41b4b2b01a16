import FailureDetection
import Simulation
import Testing
import Workbook

/// Lab 02, parts 1–2 and 6: heartbeats all-to-all and all-to-one, and the FALCON and Panorama variants.
@Suite("Lab 02 · Heartbeats")
struct HeartbeatTests {
  @Test("All-to-all: every live node suspects each crashed node within T_suspect + one period, and suspects no one else", .points(10), .seeds(5))
  func allToAllDetectsCrashes() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let scenario = Scenario(crashes: [(8, .seconds(2)), (7, .milliseconds(2250))], duration: .seconds(3))
    let (m, sim) = try Harness.run("all-to-all", nodes: 8, scenario: scenario, seed: Seeds.current, trace: trace) {
      HeartbeatAllToAll(peers: $1)
    }
    let node = try #require(sim.node(1))
    #expect(m.completeness == 1, "some live node does not suspect a crashed node: \(m)")
    #expect(m.liveNodesEverSuspected == 0, "a live node was suspected on a reliable network: \(m)")
    let bound = node.suspectAfter + node.period + .milliseconds(2)
    let slowest = m.detectionTimes.max() ?? .zero
    #expect(slowest <= bound, "slowest detection \(slowest), more than T_suspect + period = \(bound)")
    let fastest = m.detectionTimes.min() ?? .zero
    #expect(fastest >= node.suspectAfter - node.period, "a crash was suspected after \(fastest), before T_suspect − period")
  }

  @Test("All-to-one: the monitor suspects a crashed member within T_suspect + one period; each member sends one heartbeat per period", .points(5))
  func allToOneMonitor() throws {
    let scenario = Scenario(crashes: [(6, .seconds(2))], duration: .seconds(3))
    let (m, sim) = try Harness.run("all-to-one", nodes: 6, scenario: scenario, seed: 1) {
      HeartbeatMonitor(id: $0, monitor: 1, peers: $1)
    }
    let monitor = try #require(sim.node(1))
    #expect(m.completeness == 1 && monitor.record.suspects(6), "the monitor should suspect n6: \(m)")
    #expect(monitor.record.suspicions.keys.sorted() == [6], "the monitor suspects \(monitor.record.suspicions.keys.sorted()); only n6 crashed")
    #expect((m.detectionTimes.max() ?? .seconds(99)) <= monitor.suspectAfter + monitor.period + .milliseconds(2))
    #expect(monitor.record.messagesSent == 0, "the monitor should only listen")
    let beats = Int(seconds(scenario.duration) / seconds(monitor.period))
    for id in [2, 3, 4, 5] as [NodeID] {
      let sent = sim.node(id)?.record.messagesSent ?? 0
      #expect(abs(sent - beats) <= 1, "\(id) sent \(sent) heartbeats in \(scenario.duration), expected one per period (\(beats))")
    }
  }

  @Test("FALCON-style fencing: a node that only one peer stops hearing is killed, then every node suspects it and no other", .points(5))
  func killOnSuspectMakesViewsAgree() throws {
    // From 1 s on, n5's messages to n1 are lost (one way): n1 alone stops hearing n5.
    let cut: Nemesis = .schedule([.init(at: .seconds(1), .block(from: 5, to: 1))])
    let scenario = Scenario(faults: [cut], duration: .seconds(3))
    let (_, plain) = try Harness.run("all-to-all", nodes: 5, scenario: scenario, seed: 1) { HeartbeatAllToAll(peers: $1) }
    let (_, fenced) = try Harness.run("falcon", nodes: 5, scenario: scenario, seed: 1) {
      HeartbeatAllToAll(peers: $1, killOnSuspect: true)
    }
    // Without fencing the views disagree: n1 suspects a node that everyone else hears.
    #expect(plain.node(1)?.record.suspects(5) == true, "without fencing, n1 should suspect n5")
    #expect(plain.node(2)?.record.suspects(5) == false, "without fencing, n2 still hears n5")
    // With fencing n5 is killed, so the suspicion becomes true and everyone agrees.
    #expect(fenced.node(5)?.halted == true, "n1 suspected n5, so n5 should have been killed")
    for id in [1, 2, 3, 4] as [NodeID] {
      let node = try #require(fenced.node(id))
      #expect(!node.halted, "\(id) was killed, but only n5 was suspected")
      #expect(node.record.suspicions.keys.sorted() == [5], "\(id) suspects \(node.record.suspicions.keys.sorted()); expected exactly [n5]")
    }
  }

  @Test("Panorama-style passive evidence: application messages replace heartbeats, and a crash is still detected", .points(5))
  func passiveEvidenceReplacesHeartbeats() throws {
    let scenario = Scenario(crashes: [(8, .seconds(2))], duration: .seconds(3))
    let (m, sim) = try Harness.run("panorama", nodes: 8, scenario: scenario, seed: 1) {
      HeartbeatAllToAll(peers: $1, passiveEvidence: true, applicationInterval: .milliseconds(50))
    }
    let (_, plain) = try Harness.run("plain", nodes: 8, scenario: scenario, seed: 1) {
      HeartbeatAllToAll(peers: $1, applicationInterval: .milliseconds(50))
    }
    #expect(m.completeness == 1 && m.liveNodesEverSuspected == 0, "every live node should suspect n8, and only n8: \(m)")
    let withEvidence = (1...7).map { sim.node(NodeID($0))?.heartbeatsSent ?? 0 }.reduce(0, +)
    let without = (1...7).map { plain.node(NodeID($0))?.heartbeatsSent ?? 0 }.reduce(0, +)
    #expect(without > 0 && withEvidence * 10 <= without,
      "with passive evidence the nodes sent \(withEvidence) heartbeats, without \(without); application traffic should make most heartbeats unnecessary")
  }
}
