import Simulation
import SimulationExamples
import Testing

@Suite("Crash and restart")
struct CrashRestartTests {
  func tickers(faults: [Nemesis] = [], trace: TraceLog? = nil) throws -> Simulator<Ticker> {
    try Simulator<Ticker>(nodes: [1, 2], seed: 1, faults: faults, trace: trace) { _ in Ticker() }
  }

  @Test("A crash loses volatile state; a restart keeps durable storage")
  func crashLosesVolatileRestartKeepsStorage() throws {
    let schedule = try FaultSchedule.parse("at 55ms crash n1; at 100ms restart n1")
    let sim = try tickers(faults: [.schedule(schedule)])
    sim.run(until: .milliseconds(56))
    #expect(sim.node(1) == nil && !sim.isUp(1))
    #expect(sim.storage(of: 1)?.ticks == 5)
    sim.run(until: .milliseconds(135))
    let restarted = try #require(sim.node(1))
    #expect(restarted.ticks == 3, "ticks at 110, 120, 130 ms after the restart at 100 ms")
    #expect(restarted.startedAt == .milliseconds(100))
    #expect(sim.storage(of: 1)?.ticks == 8, "durable count continues across the crash")
    #expect(sim.node(2)?.ticks == 13, "the other node is unaffected")
    #expect(sim.statistics.crashes == 1 && sim.statistics.restarts == 1)
  }

  @Test("Timers of a crashed node never fire, not even after it restarts")
  func timersOfCrashedNodeNeverFire() throws {
    let trace = TraceLog()
    let sim = try tickers(
      faults: [.schedule(try .parse("at 55ms crash n1; at 103ms restart n1"))], trace: trace)
    sim.run(until: .milliseconds(200))
    let n1Timers = trace.events(.timer).filter { $0.node == 1 }.map(\.time.sinceStart)
    #expect(!n1Timers.contains { $0 > .milliseconds(55) && $0 < .milliseconds(113) })
    // The timer the first incarnation set at 50 ms (due at 60 ms) must not fire; the new one is at 113 ms.
    #expect(n1Timers.contains(.milliseconds(113)))
    #expect(n1Timers.allSatisfy { $0 <= .milliseconds(50) || ($0.nanosecondCount - 3_000_000) % 10_000_000 == 0 })
  }

  @Test("Messages to a crashed node are dropped, and it receives again after restarting")
  func messagesToCrashedNodeAreDropped() throws {
    let schedule = try FaultSchedule.parse("at 10500us crash n2; at 30500us restart n2")
    let sim = try Simulator<Flood>(nodes: [1, 2], seed: 1, faults: [.schedule(schedule)]) { id in
      id == 1 ? Flood(targets: [2], count: 50, interval: .milliseconds(1)) : Flood()
    }
    sim.run(for: .seconds(1))
    #expect(sim.node(2)!.values(from: 1) == Array(30..<50), "volatile state starts empty after the restart")
    #expect(sim.statistics.droppedAtDownNode == 20)
  }

  @Test("A random crash nemesis crashes and restarts nodes, one at a time", arguments: TestSeeds.values(10))
  func randomCrashes(seed: UInt64) throws {
    let sim = try Simulator<Ticker>(
      nodes: [1, 2, 3], seed: seed,
      faults: [.randomCrashes(every: .uniform(.milliseconds(50), .milliseconds(100)), downFor: .fixed(.milliseconds(30)))]
    ) { _ in Ticker() }
    var maxDown = 0
    while sim.now < .seconds(2) {
      sim.run(for: .milliseconds(5))
      maxDown = max(maxDown, [1, 2, 3].count { !sim.isUp(NodeID($0)) })
    }
    #expect(sim.statistics.crashes >= 10, TestSeeds.replay(seed, "CrashRestartTests"))
    #expect(sim.statistics.restarts >= sim.statistics.crashes - 1)
    #expect(maxDown == 1, TestSeeds.replay(seed, "CrashRestartTests"))
    #expect(sim.issues.isEmpty)
  }

  @Test("Crashing a node that is down is reported as an issue, not a trap")
  func doubleCrashIsAnIssue() throws {
    let sim = try tickers(faults: [.schedule(try .parse("at 10ms crash n1; at 20ms crash n1"))])
    sim.run(for: .milliseconds(30))
    #expect(sim.issues.map(\.message) == ["crash of n1, which is already down"])
  }
}

@Suite("Clocks and virtual time")
struct ClockTests {
  @Test("Clock skew offsets a node's local time; drift changes the rate of its timers")
  func skewAndDrift() throws {
    let sim = try Simulator<Ticker>(
      nodes: [1, 2, 3], seed: 1,
      faults: [.clock(2, ClockModel(offset: .seconds(5))), .clock(3, ClockModel(drift: 1))]
    ) { _ in Ticker() }
    sim.run(until: .milliseconds(100))
    #expect(sim.node(1)!.startedAt == .zero)
    #expect(sim.node(2)!.startedAt == .seconds(5))
    #expect(sim.node(2)!.ticks == 10)
    // Node 3's clock runs twice as fast: a 10 ms local timer takes 5 ms of true time.
    #expect(sim.node(3)!.ticks == 20)
    #expect(sim.localTime(of: 3) == .milliseconds(200))
  }

  @Test("A scheduled clock change makes the local clock jump (here at 20 ms, before that instant's tick)")
  func clockJump() throws {
    let sim = try Simulator<Ticker>(nodes: [1], seed: 1, faults: [.schedule(try .parse("at 20ms clock n1 -1s"))]) {
      _ in Ticker()
    }
    sim.run(until: .milliseconds(35))
    #expect(sim.node(1)!.tickTimes == [.milliseconds(10), .milliseconds(-980), .milliseconds(-970)])
  }

  @Test("Virtual time never goes backwards, event by event", arguments: TestSeeds.values(10))
  func timeIsMonotonic(seed: UInt64) throws {
    let trace = TraceLog()
    var options = ExampleOptions(seed: seed)
    options.trace = trace
    options.operationsPerClient = 5
    _ = try ExampleCatalog.register.run(options)
    let times = trace.events.map(\.time)
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 }, TestSeeds.replay(seed, "ClockTests"))
    #expect(trace.events.map(\.index) == Array(0..<trace.events.count))
  }
}
