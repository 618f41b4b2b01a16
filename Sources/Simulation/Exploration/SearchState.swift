/// One state of an explored cluster: every node's volatile state and storage, the messages in
/// flight and the pending timers.
///
/// Two states are equal when the nodes, storage, pending timers and fault budgets are equal and the
/// network holds the same messages as a multiset (the order they were sent in does not matter).
/// A node's local clock, which only orders its timers, is not part of a state's identity.
public struct SearchState<N: Node>: Hashable, Sendable {
  /// The cluster, in order.
  public let nodeIDs: [NodeID]
  /// Each node's state in cluster order, nil while crashed.
  public internal(set) var nodes: [N?]
  /// Each node's durable storage in cluster order.
  public internal(set) var storage: [N.Storage]
  /// Messages in flight, one entry per copy, in the order they were sent.
  public internal(set) var network: [Envelope<N.Message>]
  /// Pending timers, grouped by node in cluster order, each node's in the order it set them.
  var timers: [PendingTimer<N.Timer>]
  /// Each node's local clock (nanoseconds): the deadline of the last timer it fired.
  var clocks: [Int64]
  /// Faults used on the path to this state.
  public internal(set) var dropsUsed = 0
  public internal(set) var duplicatesUsed = 0
  public internal(set) var crashesUsed = 0
  /// The sum of the network entries' hash values: an order-independent hash of the multiset.
  var networkHash = 0
  /// Hash values of each node's state (first `n` entries) and storage (next `n`), kept up to date
  /// by `refreshFingerprint(touching:)` so that an event rehashes only the node it changed.
  var componentHashes: [Int]
  /// A hash of the whole identity, computed once per state; `hash(into:)` feeds only this.
  var fingerprint = 0

  init(nodeIDs: [NodeID], storage: [N.Storage]) {
    self.nodeIDs = nodeIDs
    self.nodes = Array(repeating: nil, count: nodeIDs.count)
    self.storage = storage
    self.network = []
    self.timers = []
    self.clocks = Array(repeating: 0, count: nodeIDs.count)
    self.componentHashes = Array(repeating: 0, count: 2 * nodeIDs.count)
    for index in nodeIDs.indices { refreshComponents(index) }
    refreshFingerprint()
  }

  // MARK: - Reading a state

  /// The state of node `id`, or nil if it is crashed or not in the cluster.
  public func node(_ id: NodeID) -> N? {
    guard let index = nodeIDs.firstIndex(of: id) else { return nil }
    return nodes[index]
  }

  /// The durable storage of node `id`.
  public func storage(of id: NodeID) -> N.Storage? {
    nodeIDs.firstIndex(of: id).map { storage[$0] }
  }

  /// Whether node `id` is up.
  public func isUp(_ id: NodeID) -> Bool { node(id) != nil }

  /// The running nodes with their IDs, in cluster order.
  public var liveNodes: [(id: NodeID, node: N)] {
    nodes.indices.compactMap { i in nodes[i].map { (nodeIDs[i], $0) } }
  }

  /// The timers node `id` has pending, in the order they were set.
  public func timers(of id: NodeID) -> [N.Timer] {
    guard let index = nodeIDs.firstIndex(of: id) else { return [] }
    return timers.filter { $0.node == index }.map(\.timer)
  }

  // MARK: - Changing a state

  mutating func send(_ envelope: Envelope<N.Message>) {
    network.append(envelope)
    networkHash &+= envelope.hashValue
  }

  /// Removes one copy of the message at `position`.
  mutating func removeMessage(at position: Int) {
    networkHash &-= network[position].hashValue
    network.remove(at: position)
  }

  /// Recomputes the component hashes of node `index` (its state and storage).
  mutating func refreshComponents(_ index: Int) {
    componentHashes[index] = nodes[index].hashValue
    componentHashes[nodeIDs.count + index] = storage[index].hashValue
  }

  /// Recomputes `fingerprint` from the component hashes and the rest of the identity.
  mutating func refreshFingerprint() {
    var hasher = Hasher()
    hasher.combine(componentHashes)
    hasher.combine(networkHash)
    hasher.combine(network.count)
    hasher.combine(timers)
    hasher.combine(dropsUsed &* 65_536 &+ duplicatesUsed &* 256 &+ crashesUsed)
    fingerprint = hasher.finalize()
  }

  // MARK: - Identity

  public static func == (lhs: SearchState, rhs: SearchState) -> Bool {
    lhs.fingerprint == rhs.fingerprint && lhs.networkHash == rhs.networkHash && lhs.network.count == rhs.network.count
      && lhs.dropsUsed == rhs.dropsUsed && lhs.duplicatesUsed == rhs.duplicatesUsed
      && lhs.crashesUsed == rhs.crashesUsed && lhs.nodes == rhs.nodes && lhs.timers == rhs.timers
      && lhs.storage == rhs.storage && sameMultiset(lhs.network, rhs.network)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(fingerprint)
  }

  private static func sameMultiset(_ a: [Envelope<N.Message>], _ b: [Envelope<N.Message>]) -> Bool {
    if a == b { return true }
    var matched = [Bool](repeating: false, count: b.count)
    outer: for x in a {
      for j in b.indices where !matched[j] && b[j] == x {
        matched[j] = true
        continue outer
      }
      return false
    }
    return true
  }
}

/// A timer waiting at a node, with how long until its deadline on that node's clock.
struct PendingTimer<Timer: Hashable & Sendable>: Hashable, Sendable {
  var node: Int
  var timer: Timer
  /// Nanoseconds from the node's current clock to the deadline (never negative).
  var remaining: Int64
}
