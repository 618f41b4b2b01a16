/// Trace records and the causal clocks (Lamport, vector) that stamp them.
extension Simulator {
  /// Advances a node's clocks for a local event (send, timer, crash, log, …).
  @inline(__always)
  func tick(_ node: Int) {
    guard tracksCausality else { return }
    meta[node].lamport += 1
    meta[node].vector[node] += 1
  }

  /// Advances a node's clocks for the delivery of a message stamped with the sender's clocks.
  func merge(into node: Int, lamport: Int, vector: [Int]) {
    meta[node].lamport = max(meta[node].lamport, lamport) + 1
    for i in vector.indices where vector[i] > meta[node].vector[i] { meta[node].vector[i] = vector[i] }
    meta[node].vector[node] += 1
  }

  /// Records an event at a node, stamped with the node's clocks (the caller ticks them first).
  func trace(
    _ kind: TraceEvent.Kind, node: Int, peer: Int?, message: Int? = nil, summary: String? = nil,
    detail: String? = nil
  ) {
    guard let sink else { return }
    sink.record(
      TraceEvent(
        index: takeTraceIndex(), time: VirtualTime(nanoseconds: nowNanoseconds), kind: kind,
        node: nodeIDs[node], peer: peer.map { nodeIDs[$0] }, message: message, summary: summary,
        detail: detail, lamport: meta[node].lamport, vector: meta[node].vector))
  }

  /// Records something the network did to a message (drop, duplicate); no clocks move.
  func traceNetwork(
    _ kind: TraceEvent.Kind, from source: Int, to target: Int, message id: Int, summary message: N.Message,
    detail: String?
  ) {
    guard let sink else { return }
    sink.record(
      TraceEvent(
        index: takeTraceIndex(), time: VirtualTime(nanoseconds: nowNanoseconds), kind: kind,
        node: nodeIDs[source], peer: nodeIDs[target], message: id, summary: summary(message),
        detail: detail, lamport: 0, vector: []))
  }

  /// Records a cluster-wide event (partition, heal) that belongs to no node.
  func traceCluster(_ kind: TraceEvent.Kind, detail: String) {
    guard let sink else { return }
    sink.record(
      TraceEvent(
        index: takeTraceIndex(), time: VirtualTime(nanoseconds: nowNanoseconds), kind: kind,
        node: nil, peer: nil, message: nil, summary: nil, detail: detail, lamport: 0, vector: []))
  }

  /// Records a mistake and keeps running.
  func report(_ message: String, node: Int?) {
    issues.append(SimulationIssue(time: now, node: node.map { nodeIDs[$0] }, message: message))
    if let node {
      tick(node)
      trace(.issue, node: node, peer: nil, detail: message)
    } else {
      traceCluster(.issue, detail: message)
    }
  }

  func summary(_ value: some Any) -> String { String(describing: value) }

  private func takeTraceIndex() -> Int {
    defer { nextTraceIndex += 1 }
    return nextTraceIndex
  }
}
