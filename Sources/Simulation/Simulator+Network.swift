/// The network: sends, deliveries, losses, duplicates and partitions.
extension Simulator {
  /// Puts a message on the network from node `source` (an index) to `destination` (an ID).
  func transmit(_ message: N.Message, from source: Int, to destination: NodeID) {
    statistics.sent += 1
    let id = nextMessageID
    nextMessageID += 1
    guard let target = index(of: destination) else {
      tick(source)
      trace(.send, node: source, peer: nil, message: id, summary: summary(message),
        detail: "to unknown node \(destination)")
      report("\(names[source]) sent \(summary(message)) to \(destination), which is not in the cluster",
        node: source)
      return
    }
    var lamport = 0
    var vector: [Int]? = nil
    if tracksCausality {
      tick(source)
      lamport = meta[source].lamport
      vector = meta[source].vector
      trace(.send, node: source, peer: target, message: id, summary: summary(message))
    }
    let link = links.conditions(from: source, to: target)
    if blocked[source * nodeIDs.count + target] {
      statistics.droppedByPartition += 1
      traceNetwork(.drop, from: source, to: target, message: id, summary: message, detail: "partition")
      return
    }
    if random.chance(link.dropProbability) {
      statistics.droppedByLoss += 1
      traceNetwork(.drop, from: source, to: target, message: id, summary: message, detail: "loss")
      return
    }
    let copies = random.chance(link.duplicateProbability) ? 2 : 1
    for copy in 0..<copies {
      var delay = link.delay.sample(using: &random)
      if random.chance(link.reorderProbability) { delay += link.reorderDelay.sample(using: &random) }
      if copy == 1 {
        statistics.duplicated += 1
        traceNetwork(.duplicate, from: source, to: target, message: id, summary: message, detail: nil)
      }
      inFlight += 1
      schedule(
        at: nowNanoseconds + delay,
        .deliver(to: target, from: source, message: message, id: id, lamport: lamport, vector: vector))
    }
  }

  /// Hands an arriving message to its destination, unless it is down or the link is now blocked.
  func deliver(_ message: N.Message, to target: Int, from source: Int, id: Int, lamport: Int, vector: [Int]?) {
    inFlight -= 1
    guard nodes[target] != nil else {
      statistics.droppedAtDownNode += 1
      traceNetwork(.drop, from: source, to: target, message: id, summary: message, detail: "down")
      return
    }
    if blocked[source * nodeIDs.count + target] {
      statistics.droppedByPartition += 1
      traceNetwork(.drop, from: source, to: target, message: id, summary: message, detail: "partition")
      return
    }
    statistics.delivered += 1
    if tracksCausality, let vector {
      merge(into: target, lamport: lamport, vector: vector)
      trace(.deliver, node: target, peer: source, message: id, summary: summary(message))
    }
    handle(target) { node, context in node.receive(message, from: nodeIDs[source], context: &context) }
  }

  // MARK: - Partitions

  /// Blocks every link between different groups, replacing any earlier blocks.
  func partition(_ groups: [[Int]]) {
    clearBlocks()
    let n = nodeIDs.count
    var group = Array(repeating: -1, count: n)
    for (g, members) in groups.enumerated() { for member in members { group[member] = g } }
    for a in 0..<n where group[a] >= 0 {
      for b in 0..<n where group[b] >= 0 && group[b] != group[a] { setBlocked(a, b) }
    }
  }

  func setBlocked(_ a: Int, _ b: Int) {
    let position = a * nodeIDs.count + b
    if !blocked[position] {
      blocked[position] = true
      blockedCount += 1
    }
  }

  func clearBlocks() {
    if blockedCount > 0 {
      for i in blocked.indices { blocked[i] = false }
      blockedCount = 0
    }
  }

  /// The blocked links as text, e.g. `n1->n3 n3->n1`, for the trace.
  func describeBlocks() -> String {
    guard blockedCount > 0 else { return "none" }
    let n = nodeIDs.count
    var parts: [String] = []
    for a in 0..<n { for b in 0..<n where blocked[a * n + b] { parts.append("\(names[a])->\(names[b])") } }
    return parts.joined(separator: " ")
  }
}
