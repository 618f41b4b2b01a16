/// Run control: for a time, until quiescent, until a predicate holds, or one event at a time.
extension Simulator {
  /// Runs every event due within the next `duration` of virtual time, then advances the clock to its end.
  @discardableResult
  public func run(for duration: Duration) -> RunSummary {
    run(until: now + duration)
  }

  /// Runs every event due at or before `time` (since the start), then advances the clock to it.
  @discardableResult
  public func run(until time: Duration) -> RunSummary {
    let deadline = time.nanosecondCount
    var (end, events) = loop(deadline: deadline, quiescence: false, predicate: nil)
    if end == .noEvents || end == .timeLimitReached {
      nowNanoseconds = max(nowNanoseconds, deadline)
      end = .timeReached
    }
    return RunSummary(end: end, now: now, events: events)
  }

  /// Runs until the cluster is quiescent (see `isQuiescent`) or `timeLimit` of virtual time has
  /// passed. Timers due later do not count: a node that keeps a heartbeat timer is quiescent between
  /// beats, so use `run(for:)` for protocols that only make progress through timers.
  @discardableResult
  public func runUntilQuiescent(timeLimit: Duration = .seconds(3600)) -> RunSummary {
    let (end, events) = loop(deadline: (now + timeLimit).nanosecondCount, quiescence: true, predicate: nil)
    return RunSummary(end: end, now: now, events: events)
  }

  /// Runs until `predicate` holds (checked before each event) or `timeLimit` of virtual time passes.
  @discardableResult
  public func run(until predicate: (Simulator<N>) -> Bool, timeLimit: Duration) -> RunSummary {
    let (end, events) = withoutActuallyEscaping(predicate) { predicate in
      loop(deadline: (now + timeLimit).nanosecondCount, quiescence: false, predicate: predicate)
    }
    return RunSummary(end: end, now: now, events: events)
  }

  /// Processes exactly one event (including one that turns out to be a stale timer); false if none is left.
  @discardableResult
  public func step() -> Bool { processNext() }

  /// The virtual time of the next event, if any.
  public var nextEventTime: Duration? { queue.minTime.map { .nanoseconds($0) } }

  /// True when no message is in flight, the workload (if any) has finished, and no event is due at
  /// the current instant (so every node has booted and nothing is about to happen right now).
  public var isQuiescent: Bool {
    inFlight == 0 && (driver?.isFinished ?? true) && queue.minTime.map { $0 > nowNanoseconds } ?? true
  }

  private func loop(
    deadline: Int64, quiescence: Bool, predicate: ((Simulator<N>) -> Bool)?
  ) -> (RunSummary.End, Int) {
    var processed = 0
    while true {
      if quiescence && isQuiescent { return (.quiescent, processed) }
      if let predicate, predicate(self) { return (.predicateHeld, processed) }
      guard let nextTime = queue.minTime else { return (.noEvents, processed) }
      if nextTime > deadline {
        nowNanoseconds = max(nowNanoseconds, deadline)
        return (.timeLimitReached, processed)
      }
      if processed >= eventLimit {
        report("stopped after \(processed) events without reaching the end condition (event limit)", node: nil)
        return (.eventLimitReached, processed)
      }
      processNext()
      processed += 1
    }
  }
}
