/// The simulator's bookkeeping for a workload: each client's process number, how many operations
/// it has invoked, and the one it is waiting for.
struct WorkloadDriver<Operation: HistoryOperation> {
  struct Client {
    /// The client's node index.
    let node: Int
    /// Its current Jepsen process number.
    var process: Int
    /// Operations invoked so far.
    var invoked = 0
    /// The operation it waits for: its number and what it is.
    var outstanding: (number: Int, operation: Operation)?
    /// True once it has invoked and finished all its operations.
    var isDone = false
  }

  let workload: Workload<Operation>
  var clients: [Client]
  let clientOfNode: [Int: Int]

  init(workload: Workload<Operation>, clientIndices: [Int]) {
    self.workload = workload
    clients = clientIndices.enumerated().map { Client(node: $1, process: $0) }
    clientOfNode = Dictionary(uniqueKeysWithValues: clientIndices.enumerated().map { ($1, $0) })
  }

  /// True when every client has invoked and finished all its operations.
  var isFinished: Bool { clients.allSatisfy(\.isDone) }
}

/// Driving the workload: invoking operations, recording completions, giving up on slow ones.
extension Simulator {
  func invokeNextOperation(client position: Int) {
    guard var driver else { return }
    var client = driver.clients[position]
    guard client.invoked < driver.workload.operationsPerClient else {
      driver.clients[position].isDone = true
      self.driver = driver
      return
    }
    let node = nodeIDs[client.node]
    let operation = driver.workload.makeOperation(node, client.invoked, &random)
    let number = client.invoked
    client.invoked += 1
    client.outstanding = (number, operation)
    driver.clients[position] = client
    self.driver = driver
    record(.invoke, process: client.process, function: operation.function, value: operation.value, node: client.node)
    if tracksCausality {
      tick(client.node)
      trace(.invoke, node: client.node, peer: nil, summary: "\(operation.function) \(operation.value)",
        detail: "process \(client.process)")
    }
    schedule(at: nowNanoseconds + driver.workload.timeout.nanosecondCount, .giveUp(client: position, operation: number))
    handle(client.node) { node, context in node.invoke(operation, context: &context) }
  }

  /// Records what a client node answered for its outstanding operation.
  func completeOperation(at node: Int, _ completion: Completion) {
    guard let position = driver?.clientOfNode[node] else {
      report("\(names[node]) completed an operation but is not a workload client", node: node)
      return
    }
    guard let (_, operation) = driver!.clients[position].outstanding else {
      if tracksCausality {
        tick(node)
        trace(.log, node: node, peer: nil, detail: "late completion ignored: the workload already gave up")
      }
      return
    }
    let (type, value): (HistoryEvent.EventType, HistoryValue?) =
      switch completion {
      case .ok(let value): (.ok, value)
      case .fail(let value): (.fail, value)
      case .info(let value): (.info, value)
      }
    finish(client: position, type: type, value: value ?? operation.value, function: operation.function)
  }

  /// Gives up on an operation that is still outstanding after the timeout; false if it was not.
  func giveUp(client position: Int, operation number: Int) -> Bool {
    guard let driver, let outstanding = driver.clients[position].outstanding, outstanding.number == number else {
      return false
    }
    finish(client: position, type: .info, value: outstanding.operation.value, function: outstanding.operation.function)
    return true
  }

  private func finish(client position: Int, type: HistoryEvent.EventType, value: HistoryValue, function: String) {
    var client = driver!.clients[position]
    record(type, process: client.process, function: function, value: value, node: client.node)
    if tracksCausality {
      tick(client.node)
      trace(.complete, node: client.node, peer: nil, summary: "\(type.rawValue) \(function) \(value)",
        detail: "process \(client.process)")
    }
    client.outstanding = nil
    // After an indeterminate outcome the process may still be acting; continue as a new one (Jepsen).
    if type == .info { client.process += driver!.clients.count }
    driver!.clients[position] = client
    let pause = driver!.workload.thinkTime.sample(using: &random)
    schedule(at: nowNanoseconds + pause, .invoke(client: position))
  }

  private func record(
    _ type: HistoryEvent.EventType, process: Int, function: String, value: HistoryValue, node: Int
  ) {
    history.append(
      HistoryEvent(
        index: history.events.count, type: type, process: process, function: function, value: value,
        time: now, node: names[node]))
  }
}
