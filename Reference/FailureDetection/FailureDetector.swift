import Simulation

/// A node that watches other nodes and says which of them it suspects: what the measurement
/// harness and the graded suite observe of every detector in this lab.
public protocol FailureDetector: Node {
  /// Whether this node runs the detector and its suspicions count (all-to-one: only the monitor).
  var isObserver: Bool { get }
  /// What this node suspected, when, and what it sent.
  var record: DetectorRecord { get }
}

/// A message with a size on the wire, in bytes, so that a run can report bytes per second.
public protocol WireSized {
  /// The bytes this message would take on a real network, header included.
  var wireSize: Int { get }
}

/// The bytes every message pays for addressing and its kind, before its payload.
public let messageHeaderBytes = 16

/// One stretch of time during which a node was suspected: when it began and, if it did, ended.
public struct SuspicionInterval: Hashable, Sendable {
  /// The local time the suspicion began.
  public var began: Duration
  /// The local time it ended (`clear` or `revive`), or nil while it lasts.
  public var ended: Duration?

  /// Whether the suspicion was on at `time` (begun by then and not yet ended).
  public func covers(_ time: Duration) -> Bool { began <= time && (ended.map { $0 > time } ?? true) }
}

/// A detector's observable output: its current suspicions with when each began, how often it began
/// to suspect each node, and its traffic. Each change is also written to the trace (`suspect n3`).
public struct DetectorRecord: Hashable, Sendable {
  /// The nodes suspected (or declared failed) now, each with the local time the suspicion began.
  public private(set) var suspicions: [NodeID: Duration] = [:]
  /// The nodes declared failed for good (gossip's T_fail, SWIM's confirm), with when.
  public private(set) var declared: [NodeID: Duration] = [:]
  /// How many times this node began to suspect each node (a suspicion that ends and starts again counts twice).
  public private(set) var suspicionCounts: [NodeID: Int] = [:]
  /// Every suspicion of each node, in order, with when it began and ended (crash-recovery and heal times are measured from it).
  public private(set) var history: [NodeID: [SuspicionInterval]] = [:]
  /// Messages this node sent.
  public private(set) var messagesSent = 0
  /// Bytes this node sent (the sum of the messages' `wireSize`).
  public private(set) var bytesSent = 0

  /// An empty record.
  public init() {}

  /// Whether `node` is suspected (or declared failed) now.
  public func suspects(_ node: NodeID) -> Bool { suspicions[node] != nil }

  /// Begins suspecting `node` (nothing if it is already suspected) and logs `suspect <node>`.
  public mutating func suspect<N: Node>(_ node: NodeID, context: inout Context<N>) {
    guard suspicions[node] == nil else { return }
    suspicions[node] = context.now
    suspicionCounts[node, default: 0] += 1
    history[node, default: []].append(SuspicionInterval(began: context.now))
    context.log("suspect \(node)")
  }

  /// Stops suspecting `node` (nothing if it was not suspected, or is declared) and logs `unsuspect <node>`.
  public mutating func clear<N: Node>(_ node: NodeID, context: inout Context<N>) {
    guard suspicions[node] != nil, declared[node] == nil else { return }
    suspicions[node] = nil
    endInterval(of: node, at: context.now)
    context.log("unsuspect \(node)")
  }

  /// Declares `node` failed for good (suspecting it first if need be) and logs `declare <node>`.
  public mutating func declare<N: Node>(_ node: NodeID, context: inout Context<N>) {
    guard declared[node] == nil else { return }
    suspect(node, context: &context)
    declared[node] = context.now
    context.log("declare \(node)")
  }

  /// Takes back a declaration or suspicion of `node`, which turned out to be alive, and logs `revive <node>`.
  public mutating func revive<N: Node>(_ node: NodeID, context: inout Context<N>) {
    guard suspicions[node] != nil else { return }
    suspicions[node] = nil
    declared[node] = nil
    endInterval(of: node, at: context.now)
    context.log("revive \(node)")
  }

  private mutating func endInterval(of node: NodeID, at time: Duration) {
    guard let last = history[node]?.indices.last else { return }
    history[node]![last].ended = time
  }

  /// Sends `message` and counts it.
  public mutating func send<N: Node>(_ message: N.Message, to destination: NodeID, context: inout Context<N>)
  where N.Message: WireSized {
    messagesSent += 1
    bytesSent += message.wireSize
    context.send(message, to: destination)
  }
}
