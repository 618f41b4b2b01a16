/// The executor's step function: which events are enabled in a state, and what each one does.
extension Explorer {
  /// The state after every node has booted (`start` run in cluster order), and any mistakes the
  /// nodes reported while booting.
  public func initialState() -> (state: SearchState<N>, issues: [String]) {
    var state = SearchState<N>(nodeIDs: nodeIDs)
    var issues: [String] = []
    var scratch: [Effect<N>] = []
    for index in nodeIDs.indices {
      state.slots[index].node = make(nodeIDs[index])
      run(index, in: &state, issues: &issues, scratch: &scratch) { node, context in node.start(context: &context) }
      state.refreshComponents(index)
    }
    state.refreshFingerprint()
    return (state, issues)
  }

  /// The events enabled in `state`, in a fixed order: deliveries, timers, drops, duplicates,
  /// crashes, restarts. Equal messages in flight give one event each, not one per copy.
  public func enabledEvents(in state: SearchState<N>) -> [SearchEvent<N>] {
    var events: [SearchEvent<N>] = []
    enabledEvents(in: state, into: &events)
    return events
  }

  /// `enabledEvents(in:)` into a reused buffer (emptied first), allocating nothing once it is large enough.
  func enabledEvents(in state: SearchState<N>, into events: inout [SearchEvent<N>]) {
    events.clear()
    let network = state.network
    /// Whether the message at `i` is the first of its equal copies.
    func isFirstCopy(_ i: Int) -> Bool {
      for j in 0..<i where network[j] == network[i] { return false }
      return true
    }
    for i in network.indices where isFirstCopy(i) { events.append(.deliver(network[i])) }
    appendTimerEvents(state, to: &events)
    if state.dropsUsed < faults.drops { for i in network.indices where isFirstCopy(i) { events.append(.drop(network[i])) } }
    if state.duplicatesUsed < faults.duplicates {
      for i in network.indices where isFirstCopy(i) { events.append(.duplicate(network[i])) }
    }
    if state.crashesUsed < faults.crashes {
      for index in nodeIDs.indices where state.slots[index].node != nil { events.append(.crash(nodeIDs[index])) }
    }
    if faults.restarts {
      for index in nodeIDs.indices where state.slots[index].node == nil { events.append(.restart(nodeIDs[index])) }
    }
  }

  /// The state after `event`, with the mistakes nodes reported on the way; nil if `event` is not
  /// enabled in `state`.
  public func apply(_ event: SearchEvent<N>, to state: SearchState<N>) -> (state: SearchState<N>, issues: [String])? {
    var next = state
    var scratch: [Effect<N>] = []
    guard let changes = perform(event, on: &next, scratch: &scratch) else { return nil }
    return (next, changes.issues)
  }

  /// Applies `event` to `next` in place; returns what changed, or nil (leaving `next` unspecified)
  /// if the event is not enabled. With `refreshing` it updates the changed node's hash and the
  /// state's fingerprint; without, the fingerprint is marked stale and the caller must refresh the
  /// node's hash (the search's encoding does, when the node changed). The search's
  /// hot path calls it on a reused state whose buffers it owns, so a step that only revisits a known
  /// state allocates nothing.
  func perform(
    _ event: SearchEvent<N>, on next: inout SearchState<N>, scratch: inout [Effect<N>], refreshing: Bool = true
  ) -> StepChanges? {
    var issues: [String] = []
    // The node whose state or storage the event changed, if any.
    var touched: Int? = nil
    var removedMessage: Int? = nil
    switch event {
    case .deliver(let envelope):
      guard let position = next.network.firstIndex(of: envelope), let target = nodeIDs.firstIndex(of: envelope.to)
      else { return nil }
      next.removeMessage(at: position)
      removedMessage = position
      if next.slots[target].node != nil {
        run(target, in: &next, issues: &issues, scratch: &scratch) { node, context in
          node.receive(envelope.message, from: envelope.from, context: &context)
        }
        touched = target
      }
    case .fire(let id, let timer):
      guard let index = nodeIDs.firstIndex(of: id), next.slots[index].node != nil,
        let position = firablePosition(of: timer, at: index, in: next)
      else { return nil }
      let elapsed = next.timers[position].remaining
      next.timers.remove(at: position)
      if elapsed > 0 {
        next.slots[index].clock &+= elapsed
        for i in next.timers.indices where next.timers[i].node == index {
          next.timers[i].remaining = max(0, next.timers[i].remaining - elapsed)
        }
      }
      run(index, in: &next, issues: &issues, scratch: &scratch) { node, context in node.timerFired(timer, context: &context) }
      touched = index
    case .drop(let envelope):
      guard next.dropsUsed < faults.drops, let position = next.network.firstIndex(of: envelope) else { return nil }
      next.removeMessage(at: position)
      removedMessage = position
      next.dropsUsed += 1
    case .duplicate(let envelope):
      guard next.duplicatesUsed < faults.duplicates, next.network.contains(envelope) else { return nil }
      next.send(envelope)
      next.duplicatesUsed += 1
    case .crash(let id):
      guard next.crashesUsed < faults.crashes, let index = nodeIDs.firstIndex(of: id), next.slots[index].node != nil
      else { return nil }
      next.slots[index].node = nil
      next.timers.removeAll { $0.node == index }
      next.crashesUsed += 1
      touched = index
    case .restart(let id):
      guard faults.restarts, let index = nodeIDs.firstIndex(of: id), next.slots[index].node == nil else { return nil }
      next.slots[index].node = make(id)
      run(index, in: &next, issues: &issues, scratch: &scratch) { node, context in node.start(context: &context) }
      touched = index
    }
    if refreshing {
      if let touched { next.refreshComponents(touched) }
      next.refreshFingerprint()
    } else {
      next.fingerprintIsStale = true
    }
    return StepChanges(issues: issues, touched: touched, removedMessage: removedMessage)
  }

  // MARK: - Running handlers

  /// Runs one handler of node `index` and applies the effects it recorded to `state`.
  private func run(
    _ index: Int, in state: inout SearchState<N>, issues: inout [String], scratch: inout [Effect<N>],
    _ body: (inout N, inout Context<N>) -> Void
  ) {
    let me = nodeIDs[index]
    var context = Context<N>(
      me: me, now: .nanoseconds(state.slots[index].clock), random: Self.handlerRandom(seed: seed, index: index),
      storage: state.slots[index].storage, effects: [])
    swap(&context.effects, &scratch)
    body(&state.slots[index].node!, &context)
    if context.storage != state.slots[index].storage { state.slots[index].storage = context.storage }
    swap(&context.effects, &scratch)
    defer { scratch.clear() }
    for effect in scratch {
      switch effect {
      case .send(let message, let destination):
        if nodeIDs.contains(destination) {
          state.send(Envelope(from: me, to: destination, message: message))
        } else {
          issues.append("\(me) sent \(message) to \(destination), which is not in the cluster")
        }
      case .setTimer(let timer, let delay):
        // Timers stay grouped by node (in the order each node set them), so that independent
        // events at different nodes reach equal states in either order.
        let position = state.timers.lastIndex { $0.node <= index }.map { $0 + 1 } ?? 0
        state.timers.insert(
          PendingTimer(node: index, timer: timer, remaining: max(0, delay.nanosecondCount)), at: position)
      case .cancelTimer(let timer):
        state.timers.removeAll { $0.node == index && $0.timer == timer }
      case .issue(let text):
        issues.append("\(me) reported: \(text)")
      case .complete, .log:
        break
      }
    }
  }

  // MARK: - Enabled events

  private func appendTimerEvents(_ state: SearchState<N>, to events: inout [SearchEvent<N>]) {
    for index in nodeIDs.indices where state.slots[index].node != nil {
      var earliest = Int64.max
      if timerOrder == .deadline {
        for pending in state.timers where pending.node == index { earliest = min(earliest, pending.remaining) }
      }
      let id = nodeIDs[index]
      let first = events.count
      for pending in state.timers where pending.node == index {
        if timerOrder == .deadline && pending.remaining != earliest { continue }
        let event = SearchEvent<N>.fire(id, pending.timer)
        if !events[first...].contains(event) { events.append(event) }
      }
    }
  }

  /// Where the pending `timer` of node `index` that may fire now sits in `state.timers`.
  private func firablePosition(of timer: N.Timer, at index: Int, in state: SearchState<N>) -> Int? {
    var earliest = Int64.max
    for pending in state.timers where pending.node == index { earliest = min(earliest, pending.remaining) }
    var best: Int? = nil
    for (position, pending) in state.timers.enumerated() where pending.node == index && pending.timer == timer {
      if timerOrder == .deadline && pending.remaining != earliest { continue }
      if best == nil || pending.remaining < state.timers[best!].remaining { best = position }
    }
    return best
  }
}

/// What one step changed: the mistakes nodes reported, and where the state differs from the one it
/// was stepped from (so the search can encode it from that one's record).
///
/// Only the node `touched` may have a different state, storage, clock or timers; the network is the
/// old one without the message at `removedMessage` (if any), followed by the messages the step sent.
struct StepChanges {
  var issues: [String]
  var touched: Int?
  var removedMessage: Int?
}
