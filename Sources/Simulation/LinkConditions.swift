/// What happens to messages on one directed link: loss, duplication, latency and reordering.
public struct LinkConditions: Hashable, Sendable {
  /// Probability that a message is lost.
  public var dropProbability: Double
  /// Probability that a message is delivered twice (the copy gets its own delay).
  public var duplicateProbability: Double
  /// The latency of each delivery.
  public var delay: DelayDistribution
  /// Probability that a message is held back by an extra `reorderDelay`, letting later ones pass it.
  public var reorderProbability: Double
  /// The extra hold-back of a reordered message.
  public var reorderDelay: DelayDistribution

  /// A reliable FIFO link with the standard 1 ms latency.
  public static let reliable = LinkConditions()

  /// Creates link conditions; the defaults describe a reliable FIFO link with 1 ms latency.
  public init(
    dropProbability: Double = 0,
    duplicateProbability: Double = 0,
    delay: DelayDistribution = .standard,
    reorderProbability: Double = 0,
    reorderDelay: DelayDistribution = .uniform(.milliseconds(1), .milliseconds(10))
  ) {
    self.dropProbability = dropProbability
    self.duplicateProbability = duplicateProbability
    self.delay = delay
    self.reorderProbability = reorderProbability
    self.reorderDelay = reorderDelay
  }

  func validate(field: String) throws(SimulationConfigurationError) {
    for (name, p) in [
      ("dropProbability", dropProbability), ("duplicateProbability", duplicateProbability),
      ("reorderProbability", reorderProbability),
    ] where !(0...1).contains(p) {
      throw .probabilityOutOfRange(p, field: "\(field).\(name)")
    }
    try delay.validate(field: "\(field).delay")
    try reorderDelay.validate(field: "\(field).reorderDelay")
  }
}

/// Which directed links a fault applies to.
public enum LinkSelection: Hashable, Sendable {
  /// Every link in the cluster.
  case all
  /// The one directed link `from → to`.
  case link(from: NodeID, to: NodeID)
  /// Both directions between two nodes.
  case between(NodeID, NodeID)
  /// Every link leaving a node (e.g. a node that omits some of its sends).
  case outgoing(NodeID)
  /// Every link entering a node.
  case incoming(NodeID)
  /// Every link that touches a node, in either direction (e.g. a slow node).
  case touching(NodeID)

  /// The nodes the selection names, for validation.
  var namedNodes: [NodeID] {
    switch self {
    case .all: []
    case .link(let a, let b), .between(let a, let b): [a, b]
    case .outgoing(let a), .incoming(let a), .touching(let a): [a]
    }
  }

  func contains(from: NodeID, to: NodeID) -> Bool {
    switch self {
    case .all: true
    case .link(let a, let b): from == a && to == b
    case .between(let a, let b): (from == a && to == b) || (from == b && to == a)
    case .outgoing(let a): from == a
    case .incoming(let a): to == a
    case .touching(let a): from == a || to == a
    }
  }
}
