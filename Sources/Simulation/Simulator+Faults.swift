/// Crashes, restarts, partitions and clock changes, scheduled or random.
extension Simulator {
  /// Applies a fault now, as a test or a command line asks.
  ///
  /// - Throws: `SimulationConfigurationError.unknownNode` if the action names a node not in the cluster.
  public func apply(_ action: FaultAction) throws(SimulationConfigurationError) {
    for node in action.namedNodes where indexOf[node] == nil { throw .unknownNode(node, field: "action") }
    if case .clock(_, let model) = action { try model.validate(field: "action") }
    perform(action)
  }

  func perform(_ action: FaultAction) {
    switch action {
    case .partition(let groups):
      partition(groups.map { $0.map { indexOf[$0]! } })
      traceCluster(.partition, detail: describeBlocks())
    case .block(let from, let to):
      setBlocked(indexOf[from]!, indexOf[to]!)
      traceCluster(.partition, detail: describeBlocks())
    case .isolate(let id):
      let a = indexOf[id]!
      for b in nodeIDs.indices where b != a {
        setBlocked(a, b)
        setBlocked(b, a)
      }
      traceCluster(.partition, detail: describeBlocks())
    case .heal:
      clearBlocks()
      traceCluster(.heal, detail: "none")
    case .crash(let id):
      crash(indexOf[id]!)
    case .restart(let id):
      restart(indexOf[id]!)
    case .clock(let id, let model):
      let index = indexOf[id]!
      meta[index].clock = model
      if tracksCausality {
        tick(index)
        trace(.clock, node: index, peer: nil,
          detail: "offset \(model.offset.compactDescription) drift \(model.drift)")
      }
    }
  }

  private func crash(_ index: Int) {
    guard nodes[index] != nil else {
      report("crash of \(names[index]), which is already down", node: nil)
      return
    }
    nodes[index] = nil
    meta[index].incarnation += 1
    meta[index].cancelledBefore = [:]
    contexts[index].effects.removeAll()
    statistics.crashes += 1
    if tracksCausality {
      tick(index)
      trace(.crash, node: index, peer: nil)
    }
  }

  private func restart(_ index: Int) {
    guard nodes[index] == nil else {
      report("restart of \(names[index]), which is up", node: nil)
      return
    }
    nodes[index] = makeNode(nodeIDs[index])
    statistics.restarts += 1
    if tracksCausality {
      tick(index)
      trace(.restart, node: index, peer: nil)
    }
    handle(index) { node, context in node.start(context: &context) }
  }

  /// The next move of a random nemesis: start a partition or a crash, schedule its end and the next move.
  func moveNemesis(_ position: Int) {
    let clients = Set(driver?.workload.clients ?? [])
    switch nemeses[position] {
    case .randomPartitions(let every, let lasting, let among):
      var candidates = among ?? nodeIDs.filter { !clients.contains($0) }
      let duration = lasting.sample(using: &random)
      if candidates.count >= 2 {
        shuffle(&candidates)
        let minority = candidates.count / 2
        perform(.partition([Array(candidates[..<minority]), Array(candidates[minority...])]))
        schedule(at: nowNanoseconds + duration, .fault(.heal))
      }
      schedule(at: nowNanoseconds + duration + every.sample(using: &random), .nemesis(index: position))
    case .randomCrashes(let every, let downFor, let among):
      let live = (among ?? nodeIDs.filter { !clients.contains($0) }).filter { isUp($0) }
      let duration = downFor.sample(using: &random)
      if !live.isEmpty {
        let victim = live[random.index(below: live.count)]
        perform(.crash(victim))
        schedule(at: nowNanoseconds + duration, .fault(.restart(victim)))
      }
      schedule(at: nowNanoseconds + duration + every.sample(using: &random), .nemesis(index: position))
    default:
      preconditionFailure("nemesis \(position) has no random moves")
    }
  }

  /// Fisher–Yates with the run's generator (the standard library's shuffle may change between releases).
  private func shuffle(_ array: inout [NodeID]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      array.swapAt(i, random.index(below: i + 1))
    }
  }
}
