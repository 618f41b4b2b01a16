/// Running an exploration path on the ordinary simulator, so that a counterexample becomes a trace.
extension Simulator {
  /// Boots the explorer's cluster and performs `path` step by step, one virtual millisecond apart,
  /// recording every event to `trace`; returns the simulator in the state the path ends in.
  ///
  /// Each step takes the matching message or timer out of the simulator's queue, so nothing else
  /// happens in between. After every step the replay compares each node's state and storage with the
  /// explorer's, so a node whose behaviour depends on something outside its state is caught.
  ///
  /// - Throws: `ReplayError` if the path is not executable or the two executors disagree.
  public static func replaying(
    _ path: [SearchEvent<N>], of explorer: Explorer<N>, names: [NodeID: String] = [:],
    trace: (any TraceSink)? = nil, label: String = "exploration replay"
  ) throws(ReplayError) -> Simulator<N> {
    let expected: [SearchState<N>]
    switch explorer.states(along: path) {
    case .success(let states): expected = states
    case .failure(let error): throw .notEnabled(error)
    }
    let simulator: Simulator<N>
    do {
      simulator = try Simulator(
        nodes: explorer.nodeIDs, names: names, seed: explorer.seed, trace: trace, label: label, make: explorer.make)
    } catch {
      throw .configuration(error)
    }
    simulator.replayClocks = ReplayClocks(clocks: expected[0].clocks)
    for _ in explorer.nodeIDs.indices {
      guard case (_, .boot(let node))? = simulator.queue.removeFirstScheduled(where: { if case .boot = $0 { true } else { false } })
      else { break }
      simulator.boot(node)
    }
    try simulator.compare(with: expected[0], step: 0)
    for (position, event) in path.enumerated() {
      simulator.nowNanoseconds = Int64(position + 1) * 1_000_000
      simulator.replayClocks = ReplayClocks(clocks: expected[position + 1].clocks)
      guard simulator.perform(event) else {
        throw .diverged(step: position + 1, detail: "the simulator has no pending \(event)")
      }
      simulator.statistics.events += 1
      try simulator.compare(with: expected[position + 1], step: position + 1)
    }
    simulator.replayClocks = nil
    return simulator
  }

  /// Performs one exploration event; false if nothing in the queue matches it.
  private func perform(_ event: SearchEvent<N>) -> Bool {
    switch event {
    case .deliver(let envelope):
      guard case (_, .deliver(let target, let source, let message, let id, let lamport, let vector))? = takeDelivery(envelope) else {
        return false
      }
      deliver(message, to: target, from: source, id: id, lamport: lamport, vector: vector)
    case .fire(let id, let timer):
      let node = indexOf[id]!
      let incarnation = meta[node].incarnation
      let cancelled = meta[node].cancelledBefore[AnyHashable(timer)] ?? 0
      let taken = queue.removeFirstScheduled { scheduled in
        guard case .timer(node, incarnation, let candidate, let setAt) = scheduled else { return false }
        return candidate == timer && setAt >= cancelled
      }
      guard case (_, .timer(_, _, _, let setAt))? = taken else { return false }
      return fire(timer, at: node, incarnation: incarnation, setAt: setAt)
    case .drop(let envelope):
      guard case (_, .deliver(let target, let source, let message, let id, _, _))? = takeDelivery(envelope) else { return false }
      inFlight -= 1
      statistics.droppedByLoss += 1
      traceNetwork(.drop, from: source, to: target, message: id, summary: message, detail: "explorer")
    case .duplicate(let envelope):
      guard let (time, copy) = takeDelivery(envelope), case .deliver(let target, let source, let message, let id, _, _) = copy
      else { return false }
      schedule(at: time, copy)
      schedule(at: time, copy)
      inFlight += 1
      statistics.duplicated += 1
      traceNetwork(.duplicate, from: source, to: target, message: id, summary: message, detail: "explorer")
    case .crash(let id):
      guard isUp(id) else { return false }
      perform(FaultAction.crash(id))
    case .restart(let id):
      guard !isUp(id) else { return false }
      perform(FaultAction.restart(id))
    }
    return true
  }

  private func takeDelivery(_ envelope: Envelope<N.Message>) -> (time: Int64, event: ScheduledEvent<N>)? {
    guard let target = indexOf[envelope.to], let source = indexOf[envelope.from] else { return nil }
    return queue.removeFirstScheduled { scheduled in
      guard case .deliver(target, source, let message, _, _, _) = scheduled else { return false }
      return message == envelope.message
    }
  }

  private func compare(with expected: SearchState<N>, step: Int) throws(ReplayError) {
    for (index, id) in nodeIDs.enumerated() {
      if nodes[index] != expected.slots[index].node {
        throw .diverged(step: step, detail: "\(names[index]) is in a different state than in the explorer")
      }
      if contexts[index].storage != expected.slots[index].storage {
        throw .diverged(step: step, detail: "\(id)'s storage differs from the explorer's")
      }
    }
  }
}

/// The explorer's per-node clocks, which the simulator shows nodes while it replays a path.
struct ReplayClocks {
  var clocks: [Int64]
}

/// Why an exploration path could not be replayed on the simulator.
public enum ReplayError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The explorer's cluster is not a valid simulator configuration.
  case configuration(SimulationConfigurationError)
  /// An event of the path is not enabled where it occurs.
  case notEnabled(PathError)
  /// After `step` events the simulator and the explorer disagree (a node depends on something
  /// outside its state, such as wall-clock time or a global).
  case diverged(step: Int, detail: String)

  public var description: String {
    switch self {
    case .configuration(let error): "cannot replay: \(error)"
    case .notEnabled(let error): "cannot replay: \(error)"
    case .diverged(let step, let detail): "replay diverged after step \(step): \(detail)"
    }
  }
}
