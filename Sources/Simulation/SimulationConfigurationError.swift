/// A simulation set up with values that make no sense; each case names the offending field.
///
/// The simulator checks its whole configuration (cluster, network, faults, workload, clocks) before
/// the first event and throws one of these instead of trapping.
public enum SimulationConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The cluster has no nodes.
  case noNodes
  /// The same node ID appears twice in the cluster.
  case duplicateNode(NodeID)
  /// A field refers to a node that is not in the cluster.
  case unknownNode(NodeID, field: String)
  /// A fault schedule or command line names a node that is not in the cluster.
  case unknownNodeName(String, field: String, known: [String])
  /// A probability outside `0 ... 1`.
  case probabilityOutOfRange(Double, field: String)
  /// A delay, period or time that is negative.
  case negativeDuration(Duration, field: String)
  /// A range or parameter that is out of order or out of bounds.
  case invalidRange(field: String, reason: String)
  /// A clock drift rate of -100% or slower (the clock would stand still or run backwards).
  case invalidDrift(Double, field: String)

  public var description: String {
    switch self {
    case .noNodes:
      "the cluster has no nodes"
    case .duplicateNode(let id):
      "node \(id) appears more than once in the cluster"
    case .unknownNode(let id, let field):
      "\(field): node \(id) is not in the cluster"
    case .unknownNodeName(let name, let field, let known):
      "\(field): no node named '\(name)' (the cluster has \(known.joined(separator: ", ")))"
    case .probabilityOutOfRange(let p, let field):
      "\(field): probability \(p) is outside 0...1"
    case .negativeDuration(let d, let field):
      "\(field): duration \(d.compactDescription) is negative"
    case .invalidRange(let field, let reason):
      "\(field): \(reason)"
    case .invalidDrift(let rate, let field):
      "\(field): drift \(rate) would stop or reverse the clock (it must be greater than -1)"
    }
  }
}
