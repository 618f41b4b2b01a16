/// Taking events off the queue and running node handlers.
extension Simulator {
  /// Processes the earliest event. Returns false when the queue is empty.
  @discardableResult
  func processNext() -> Bool {
    guard let (time, event) = queue.popMin() else { return false }
    nowNanoseconds = time
    switch event {
    case .boot(let node):
      boot(node)
    case .deliver(let target, let source, let message, let id, let lamport, let vector):
      deliver(message, to: target, from: source, id: id, lamport: lamport, vector: vector)
    case .timer(let node, let incarnation, let timer, let setAt):
      guard fire(timer, at: node, incarnation: incarnation, setAt: setAt) else { return true }
    case .fault(let action):
      perform(action)
    case .nemesis(let index):
      moveNemesis(index)
    case .invoke(let client):
      invokeNextOperation(client: client)
    case .giveUp(let client, let operation):
      guard giveUp(client: client, operation: operation) else { return true }
    }
    statistics.events += 1
    return true
  }

  /// Runs one handler of node `index` with its context, then carries out the effects it recorded.
  @inline(__always)
  func handle(_ index: Int, _ body: (inout N, inout Context<N>) -> Void) {
    guard nodes[index] != nil else { return }
    if let replayClocks {
      // Replaying an exploration path: the node sees the explorer's clock and generator.
      contexts[index].now = .nanoseconds(replayClocks.clocks[index])
      contexts[index].random = Explorer<N>.handlerRandom(seed: seed, index: index)
      body(&nodes[index]!, &contexts[index])
    } else {
      contexts[index].now = .nanoseconds(meta[index].clock.localTime(atTrue: nowNanoseconds))
      contexts[index].random = random
      body(&nodes[index]!, &contexts[index])
      random = contexts[index].random
    }
    if !contexts[index].effects.isEmpty { applyEffects(of: index) }
  }

  private func applyEffects(of index: Int) {
    var position = 0
    while position < contexts[index].effects.count {
      let effect = contexts[index].effects[position]
      position += 1
      switch effect {
      case .send(let message, let destination):
        transmit(message, from: index, to: destination)
      case .setTimer(let timer, let delay):
        var local = delay.nanosecondCount
        if local < 0 {
          report("\(names[index]) set timer \(summary(timer)) with negative delay \(delay); it fires now", node: index)
          local = 0
        }
        let wait = meta[index].clock.trueDuration(ofLocal: local)
        schedule(
          at: nowNanoseconds &+ wait,
          .timer(node: index, incarnation: meta[index].incarnation, timer: timer, setAt: nextSequence))
      case .cancelTimer(let timer):
        meta[index].cancelledBefore[AnyHashable(timer)] = nextSequence
      case .complete(let completion):
        completeOperation(at: index, completion)
      case .log(let text):
        if tracksCausality {
          tick(index)
          trace(.log, node: index, peer: nil, detail: text)
        }
      case .issue(let text):
        report(text, node: index)
      }
    }
    contexts[index].effects.removeAll(keepingCapacity: true)
  }

  func boot(_ index: Int) {
    nodes[index] = makeNode(nodeIDs[index])
    if tracksCausality {
      tick(index)
      trace(.start, node: index, peer: nil)
    }
    handle(index) { node, context in node.start(context: &context) }
  }

  /// Fires a timer unless its node crashed since it was set or it was cancelled; false if stale.
  func fire(_ timer: N.Timer, at index: Int, incarnation: Int, setAt: UInt64) -> Bool {
    guard nodes[index] != nil, meta[index].incarnation == incarnation else { return false }
    if !meta[index].cancelledBefore.isEmpty, let cancelled = meta[index].cancelledBefore[AnyHashable(timer)],
      setAt < cancelled
    {
      return false
    }
    statistics.timersFired += 1
    if tracksCausality {
      tick(index)
      trace(.timer, node: index, peer: nil, summary: summary(timer))
    }
    handle(index) { node, context in node.timerFired(timer, context: &context) }
    return true
  }
}
