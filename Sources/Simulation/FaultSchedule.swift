/// One change to the cluster, applied at a scheduled time or by a random nemesis.
public enum FaultAction: Hashable, Sendable, CustomStringConvertible {
  /// Blocks every link between nodes in different groups, both ways; nodes in no group keep all links.
  case partition([[NodeID]])
  /// Blocks the one direction `from → to` (a one-way partition).
  case block(from: NodeID, to: NodeID)
  /// Blocks every link into and out of the node.
  case isolate(NodeID)
  /// Removes every block: the network is whole again.
  case heal
  /// Stops the node: its volatile state and pending timers are lost; messages to it are dropped.
  case crash(NodeID)
  /// Boots a crashed node again from its durable storage.
  case restart(NodeID)
  /// Replaces the node's clock model from now on (the local clock jumps to the new reading).
  case clock(NodeID, ClockModel)

  /// The nodes the action names.
  var namedNodes: [NodeID] {
    switch self {
    case .partition(let groups): groups.flatMap { $0 }
    case .block(let a, let b): [a, b]
    case .isolate(let a), .crash(let a), .restart(let a), .clock(let a, _): [a]
    case .heal: []
    }
  }

  public var description: String {
    func list(_ nodes: [NodeID]) -> String { nodes.map(\.description).joined(separator: ",") }
    return switch self {
    case .partition(let groups): "partition " + groups.map(list).joined(separator: "|")
    case .block(let a, let b): "block \(a)->\(b)"
    case .isolate(let a): "isolate \(a)"
    case .heal: "heal"
    case .crash(let a): "crash \(a)"
    case .restart(let a): "restart \(a)"
    case .clock(let a, let model):
      "clock \(a) offset \(model.offset.compactDescription) drift \(model.drift)"
    }
  }
}

/// Faults at fixed virtual times, e.g. "at 5s partition n1,n2|n3; at 9s heal".
///
/// Build one in code from `(Duration, FaultAction)` pairs or parse the text form with
/// `FaultSchedule.parse(_:names:)`.
public struct FaultSchedule: Hashable, Sendable, ExpressibleByArrayLiteral {
  /// A fault and when it happens.
  public struct Entry: Hashable, Sendable {
    /// Time since the start of the run.
    public var at: Duration
    /// What happens.
    public var action: FaultAction

    /// Creates an entry.
    public init(at: Duration, _ action: FaultAction) {
      self.at = at
      self.action = action
    }
  }

  /// The entries, in the order given (entries at the same time apply in this order).
  public var entries: [Entry]

  /// Creates a schedule from entries.
  public init(_ entries: [Entry]) { self.entries = entries }

  public init(arrayLiteral elements: Entry...) { self.entries = elements }

  func validate(field: String, cluster: Set<NodeID>) throws(SimulationConfigurationError) {
    for (i, entry) in entries.enumerated() {
      let entryField = "\(field).entries[\(i)]"
      if entry.at < .zero { throw .negativeDuration(entry.at, field: "\(entryField).at") }
      for node in entry.action.namedNodes where !cluster.contains(node) {
        throw .unknownNode(node, field: entryField)
      }
      if case .clock(_, let model) = entry.action { try model.validate(field: entryField) }
    }
  }
}
