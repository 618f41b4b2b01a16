import FailureDetection
import Simulation
import Testing
import Workbook

/// Lab 02, parts 7–8: the simple ping detector and the "no timeout" heartbeat counters.
@Suite("Lab 02 · Ping and heartbeat counters")
struct PingAndCounterTests {
  @Test("Ping: every live node suspects each crashed node T_suspect after its first unanswered ping, and suspects no one else", .points(5), .seeds(5))
  func pingDetectsCrashes() throws {
    let trace = TraceRecording.log()
    defer { TraceRecording.save(trace) }
    let scenario = Scenario(crashes: [(8, .seconds(2)), (7, .milliseconds(2250))], duration: .seconds(3))
    let (m, sim) = try Harness.run("ping", nodes: 8, scenario: scenario, seed: Seeds.current, trace: trace) { PingDetector(peers: $1) }
    let node = try #require(sim.node(1))
    #expect(m.completeness == 1, "some live node does not suspect a crashed node: \(m)")
    #expect(m.liveNodesEverSuspected == 0, "a live node was suspected on a reliable network: \(m)")
    // The first unanswered ping leaves at most a period after the crash (or just before it); its
    // deadline is T_suspect later, on the pinger's own clock.
    let slowest = m.detectionTimes.max() ?? .zero, fastest = m.detectionTimes.min() ?? .zero
    #expect(slowest <= node.suspectAfter + node.period + .milliseconds(2), "slowest detection \(slowest), more than T_suspect + period")
    #expect(fastest >= node.suspectAfter - .milliseconds(2), "a crash was suspected after \(fastest), before T_suspect = \(node.suspectAfter)")
    // Each period a node pings every peer and answers every live peer's ping: about 2(N − 1) messages.
    let periods = seconds(scenario.duration) / seconds(node.period)
    let perPeriod = Double(node.record.messagesSent) / periods
    #expect((1.6 * 7...2.0 * 7).contains(perPeriod), "n1 sent \(perPeriod) messages per period; expected about 2 · 7 (pings and acks)")
  }

  @Test("Counters without interpretation: a slow but alive node's counter keeps growing at every observer, and a crashed node's counter stops", .points(5), .seeds(3))
  func countersGrowForLiveNodesOnly() throws {
    let ids: [NodeID] = (1...8).map { NodeID($0) }
    let slow = Scenario.slowLinks(nodes: 8)  // n2's messages take 50–500 ms; n8 crashes at 2 s
    let sim = try Simulator<CounterDetector>(nodes: ids, seed: Seeds.current, faults: slow.nemeses, label: "counters") { id in
      CounterDetector(peers: ids.filter { $0 != id })
    }
    let observers: [NodeID] = [1, 3, 4, 5, 6, 7]
    sim.run(until: .seconds(3))
    let before = observers.map { sim.node($0)?.counters ?? [:] }
    sim.run(until: .seconds(5))
    for (id, earlier) in zip(observers, before) {
      let node = try #require(sim.node(id))
      let healthy: NodeID = id == 3 ? 4 : 3
      let grewSlow = (node.counters[2] ?? 0) - (earlier[2] ?? 0), grewFast = (node.counters[healthy] ?? 0) - (earlier[healthy] ?? 0)
      #expect(grewSlow >= 15, "\(id): n2's counter grew by \(grewSlow) in 2 s (20 heartbeats sent); a slow node's counter should keep growing")
      #expect(abs(grewSlow - grewFast) <= 6, "\(id): n2's counter grew by \(grewSlow), a healthy node's by \(grewFast); slowness delays beats but loses none")
      #expect((earlier[8] ?? 0) >= 15 && node.counters[8] == earlier[8], "\(id): n8 crashed at 2 s, but its counter went from \(earlier[8] ?? 0) to \(node.counters[8] ?? 0)")
      #expect(node.record.suspects(8), "\(id) should suspect n8, whose counter stopped while everyone else's grew")
    }
  }

  @Test("Counters measure silence against the others' progress, not a clock: an observer cut off from everyone suspects no one, while the others suspect it until the heal", .points(5), .seeds(3))
  func isolatedObserverSuspectsNoOne() throws {
    let cut = Nemesis.schedule(try .parse("at 1s isolate n1; at 2s heal"))
    let (_, sim) = try Harness.run("counters", nodes: 6, scenario: Scenario(faults: [cut], duration: .seconds(3)), seed: Seeds.current) {
      CounterDetector(peers: $1)
    }
    let isolated = try #require(sim.node(1))
    #expect(isolated.record.suspicionCounts.isEmpty,
      "n1 heard no one for 1 s, so no one made progress; yet it suspected \(isolated.record.suspicionCounts.keys.sorted())")
    for id in (2...6).map({ NodeID($0) }) {
      let node = try #require(sim.node(id))
      let overHeal = node.record.history[1]?.contains { $0.began < .seconds(2) && ($0.ended ?? .seconds(99)) > .milliseconds(1500) } ?? false
      #expect(overHeal, "\(id) should have suspected n1 while it was cut off: \(node.record.history[1] ?? [])")
      #expect(node.record.suspicions.isEmpty, "\(id) still suspects \(node.record.suspicions.keys.sorted()) a second after the heal")
      #expect(node.record.suspicionCounts.keys.sorted() == [1], "\(id) suspected \(node.record.suspicionCounts.keys.sorted()); only n1 was cut off")
    }
  }
}
