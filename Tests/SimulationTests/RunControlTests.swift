import Simulation
import SimulationExamples
import Testing

@Suite("Run control")
struct RunControlTests {
  func flood(count: Int = 20) throws -> Simulator<Flood> {
    try Simulator<Flood>(nodes: [1, 2], seed: 1) { id in
      id == 1 ? Flood(targets: [2], count: count, interval: .milliseconds(1)) : Flood()
    }
  }

  @Test("run(for:) processes what is due and advances the clock to the end of the window")
  func runForDuration() throws {
    let sim = try flood()
    let summary = sim.run(for: .microseconds(5_500))
    #expect(summary.end == .timeReached && sim.now == .microseconds(5_500))
    #expect(sim.node(2)!.values(from: 1) == [0, 1, 2, 3, 4])
    sim.run(for: .seconds(1))
    #expect(sim.now == .microseconds(1_005_500), "the clock advances even with nothing left to do")
  }

  @Test("runUntilQuiescent stops when nothing is in flight or due now, even with later timers pending")
  func untilQuiescent() throws {
    let sim = try Simulator<Ticker>(nodes: [1], seed: 1) { _ in Ticker() }
    let summary = sim.runUntilQuiescent()
    #expect(summary.end == .quiescent && summary.events == 1 && sim.now == .zero, "stops right after the boot")
    #expect(sim.node(1)?.startedAt == .zero && sim.nextEventTime == .milliseconds(10))
    let flood = try flood()
    let floodSummary = flood.runUntilQuiescent()
    #expect(floodSummary.end == .quiescent && flood.messagesInFlight == 0)
    #expect(flood.node(2)!.values(from: 1).count == 20 && flood.now == .milliseconds(20))
  }

  @Test("A predicate stops the run as soon as it holds; a time limit stops it otherwise")
  func untilPredicate() throws {
    let sim = try flood()
    let summary = sim.run(until: { $0.node(2)?.values(from: 1).count == 7 }, timeLimit: .seconds(1))
    #expect(summary.end == .predicateHeld && sim.now == .milliseconds(7))
    let never = sim.run(until: { $0.node(2)?.values(from: 1).count == 99 }, timeLimit: .milliseconds(10))
    #expect(never.end == .timeLimitReached && sim.now == .milliseconds(17))
    let dry = sim.run(until: { $0.node(2)?.values(from: 1).count == 99 }, timeLimit: .seconds(10))
    #expect(dry.end == .noEvents && sim.now == .milliseconds(20), "nothing left to happen after the 20th message")
  }

  @Test("step() processes one event at a time, in time order, and reports an empty queue")
  func stepping() throws {
    let sim = try flood(count: 3)
    var times: [Duration] = []
    while sim.step() { times.append(sim.now) }
    #expect(times == times.sorted())
    #expect(sim.node(2)!.values(from: 1) == [0, 1, 2])
    #expect(sim.nextEventTime == nil && !sim.step())
  }

  @Test("A node that sets zero-delay timers forever hits the event limit, which is reported")
  func eventLimit() throws {
    struct Spinner: Node {
      typealias Message = Never
      enum Timer: Hashable, Sendable { case spin }
      mutating func start(context: inout Context<Spinner>) { context.setTimer(.spin, after: .zero) }
      mutating func receive(_ message: Never, from sender: NodeID, context: inout Context<Spinner>) {}
      mutating func timerFired(_ timer: Timer, context: inout Context<Spinner>) { context.setTimer(.spin, after: .zero) }
    }
    let sim = try Simulator<Spinner>(nodes: [1], seed: 1) { _ in Spinner() }
    sim.eventLimit = 1_000
    let summary = sim.run(for: .seconds(1))
    #expect(summary.end == .eventLimitReached && summary.events == 1_000 && sim.now == .zero)
    #expect(sim.issues.count == 1)
  }

  @Test("Cancelled timers do not fire; a timer set after the cancel does")
  func cancelTimer() throws {
    struct Canceller: Node {
      typealias Message = Never
      enum Timer: Hashable, Sendable { case a, b }
      var fired: [Timer] = []
      mutating func start(context: inout Context<Canceller>) {
        context.setTimer(.a, after: .milliseconds(10))
        context.setTimer(.b, after: .milliseconds(10))
        context.cancelTimer(.a)
        context.setTimer(.a, after: .milliseconds(20))
      }
      mutating func receive(_ message: Never, from sender: NodeID, context: inout Context<Canceller>) {}
      mutating func timerFired(_ timer: Timer, context: inout Context<Canceller>) { fired.append(timer) }
    }
    let sim = try Simulator<Canceller>(nodes: [1], seed: 1) { _ in Canceller() }
    sim.run(for: .seconds(1))
    #expect(sim.node(1)!.fired == [.b, .a])
    #expect(sim.statistics.timersFired == 2)
  }
}

@Suite("Context: handlers record effects")
struct ContextTests {
  @Test("A replica answers a query with its durable tag and value")
  func replicaAnswersQuery() {
    var node = RegisterNode.replica(RegisterReplica())
    var storage = RegisterReplicaStorage()
    storage.tag = RegisterTag(counter: 3, writer: 5)
    storage.value = 42
    var context = Context<RegisterNode>(me: 1, now: .seconds(1), storage: storage)
    node.receive(.query(request: 7), from: 4, context: &context)
    #expect(context.effects == [.send(.queryReply(request: 7, tag: RegisterTag(counter: 3, writer: 5), value: 42), to: 4)])
  }

  @Test("A replica adopts only newer tags, on durable storage, and always acknowledges")
  func replicaAdoptsNewerTags() {
    var node = RegisterNode.replica(RegisterReplica())
    var context = Context<RegisterNode>(me: 1)
    node.receive(.update(request: 1, tag: RegisterTag(counter: 2, writer: 4), value: 9), from: 4, context: &context)
    node.receive(.update(request: 1, tag: RegisterTag(counter: 1, writer: 5), value: 8), from: 5, context: &context)
    #expect(context.storage.value == 9 && context.storage.tag.counter == 2)
    #expect(context.effects == [
      .send(.updateAcknowledgement(request: 1), to: 4), .send(.updateAcknowledgement(request: 1), to: 5),
    ])
  }

  @Test("A client's invoke queries every replica and arms its retry timer")
  func clientInvokeQueriesAll() {
    var node = RegisterNode.client(RegisterClient(replicas: [3, 1, 2]))
    var context = Context<RegisterNode>(me: 4)
    node.invoke(.write(5), context: &context)
    #expect(context.effects == [
      .send(.query(request: 1), to: 1), .send(.query(request: 1), to: 2), .send(.query(request: 1), to: 3),
      .setTimer(.retry(request: 1), after: .milliseconds(50)),
    ])
  }
}
