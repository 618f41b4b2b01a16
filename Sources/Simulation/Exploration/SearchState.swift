/// One state of an explored cluster: every node's volatile state and storage, the messages in
/// flight and the pending timers.
///
/// Two states are equal when the nodes, storage, pending timers and fault budgets are equal and the
/// network holds the same messages as a multiset (the order they were sent in does not matter).
/// A node's local clock, which only orders its timers, is not part of a state's identity.
public struct SearchState<N: Node>: Hashable, Sendable {
  /// The cluster, in order.
  public let nodeIDs: [NodeID]
  /// Each node's state, storage, clock and their hash, in cluster order (one array, so that a
  /// step copies one buffer for all of them).
  var slots: [NodeSlot<N>]
  /// Messages in flight, one entry per copy, in the order they were sent.
  public internal(set) var network: [Envelope<N.Message>]
  /// Pending timers, grouped by node in cluster order, each node's in the order it set them.
  var timers: [PendingTimer<N.Timer>]
  /// Faults used on the path to this state.
  public internal(set) var dropsUsed = 0
  public internal(set) var duplicatesUsed = 0
  public internal(set) var crashesUsed = 0
  /// The sum of the network entries' hash values: an order-independent hash of the multiset.
  var networkHash = 0
  /// A hash of the whole identity, computed once per state; `hash(into:)` feeds only this.
  var fingerprint = 0
  /// Whether `fingerprint` is out of date: the search skips computing it for the states it does not
  /// hash this way, and comparing or hashing such a state computes a fresh one.
  var fingerprintIsStale = false

  init(nodeIDs: [NodeID]) {
    self.nodeIDs = nodeIDs
    self.slots = Array(repeating: NodeSlot(node: nil, storage: N.Storage()), count: nodeIDs.count)
    self.network = []
    self.timers = []
    for index in nodeIDs.indices { refreshComponents(index) }
    refreshFingerprint()
  }

  /// Each node's state in cluster order, nil while crashed.
  public var nodes: [N?] { slots.map(\.node) }

  /// Each node's durable storage in cluster order.
  public var storage: [N.Storage] { slots.map(\.storage) }

  /// Each node's local clock (nanoseconds): the deadline of the last timer it fired.
  var clocks: [Int64] { slots.map(\.clock) }

  // MARK: - Reading a state

  /// The state of node `id`, or nil if it is crashed or not in the cluster.
  public func node(_ id: NodeID) -> N? {
    guard let index = nodeIDs.firstIndex(of: id) else { return nil }
    return slots[index].node
  }

  /// The durable storage of node `id`.
  public func storage(of id: NodeID) -> N.Storage? {
    nodeIDs.firstIndex(of: id).map { slots[$0].storage }
  }

  /// Whether node `id` is up.
  public func isUp(_ id: NodeID) -> Bool { node(id) != nil }

  /// The running nodes with their IDs, in cluster order.
  public var liveNodes: [(id: NodeID, node: N)] {
    slots.indices.compactMap { i in slots[i].node.map { (nodeIDs[i], $0) } }
  }

  /// Calls `body` with each running node in cluster order, without allocating (for invariants,
  /// which run on every state); `body` returns false to stop early. Returns false if it stopped.
  @discardableResult
  public func forEachLiveNode(_ body: (NodeID, N) -> Bool) -> Bool {
    for index in slots.indices {
      if let node = slots[index].node, !body(nodeIDs[index], node) { return false }
    }
    return true
  }

  /// The timers node `id` has pending, in the order they were set.
  public func timers(of id: NodeID) -> [N.Timer] {
    guard let index = nodeIDs.firstIndex(of: id) else { return [] }
    return timers.filter { $0.node == index }.map(\.timer)
  }

  // MARK: - Changing a state

  /// Makes this state equal to `other`, reusing this state's buffers (no allocation once they are
  /// large enough, provided this state owns them alone).
  mutating func load(from other: SearchState) {
    slots.overwrite(with: other.slots)
    network.overwrite(with: other.network)
    timers.overwrite(with: other.timers)
    dropsUsed = other.dropsUsed
    duplicatesUsed = other.duplicatesUsed
    crashesUsed = other.crashesUsed
    networkHash = other.networkHash
    fingerprint = other.fingerprint
    fingerprintIsStale = other.fingerprintIsStale
  }

  /// A copy with buffers of its own, sized to fit, so that later `load(from:)` calls on this state
  /// never write into the copy.
  func detached() -> SearchState {
    var copy = self
    copy.slots = Self.fresh(slots)
    copy.network = Self.fresh(network)
    copy.timers = Self.fresh(timers)
    return copy
  }

  /// The elements of `array` in a new buffer of exactly their count (never the same buffer).
  private static func fresh<Element>(_ array: [Element]) -> [Element] {
    var copy: [Element] = []
    copy.reserveCapacity(array.count)
    copy.append(contentsOf: array)
    return copy
  }

  mutating func send(_ envelope: Envelope<N.Message>) {
    network.append(envelope)
    networkHash &+= envelope.fingerprint
  }

  /// Removes one copy of the message at `position`.
  mutating func removeMessage(at position: Int) {
    networkHash &-= network[position].fingerprint
    network.remove(at: position)
  }

  /// Recomputes the hash of node `index`'s state and storage.
  mutating func refreshComponents(_ index: Int) {
    var hasher = Hasher()
    hasher.combine(slots[index].node)
    hasher.combine(slots[index].storage)
    slots[index].hash = hasher.finalize()
  }

  /// Recomputes `fingerprint` from the node hashes and the rest of the identity. The parts are
  /// already hash values (or small counts), so a multiply-xorshift chain mixes them; the Hasher
  /// would cost more than the rest of a step.
  mutating func refreshFingerprint() {
    fingerprint = freshFingerprint()
    fingerprintIsStale = false
  }

  /// `fingerprint`, or a fresh one if it is stale.
  private var currentFingerprint: Int { fingerprintIsStale ? freshFingerprint() : fingerprint }

  private func freshFingerprint() -> Int {
    var mixer = FingerprintMixer()
    for slot in slots { mixer.add(slot.hash) }
    mixer.add(networkHash)
    mixer.add(network.count)
    mixer.add(timers.count)
    for timer in timers {
      mixer.add(timer.node)
      mixer.add(timer.timerHash)
      mixer.add(Int(truncatingIfNeeded: timer.remaining))
    }
    mixer.add(dropsUsed &* 65_536 &+ duplicatesUsed &* 256 &+ crashesUsed)
    return mixer.value
  }

  // MARK: - Identity

  public static func == (lhs: SearchState, rhs: SearchState) -> Bool {
    lhs.currentFingerprint == rhs.currentFingerprint && lhs.networkHash == rhs.networkHash
      && lhs.network.count == rhs.network.count && lhs.dropsUsed == rhs.dropsUsed
      && lhs.duplicatesUsed == rhs.duplicatesUsed && lhs.crashesUsed == rhs.crashesUsed
      && sameSlots(lhs.slots, rhs.slots) && lhs.timers == rhs.timers && sameMultiset(lhs.network, rhs.network)
  }

  /// Element-wise slot equality, written out so the comparison specializes for `N`.
  private static func sameSlots(_ a: [NodeSlot<N>], _ b: [NodeSlot<N>]) -> Bool {
    guard a.count == b.count else { return false }
    for i in a.indices {
      guard a[i].hash == b[i].hash, a[i].node == b[i].node, a[i].storage == b[i].storage else { return false }
    }
    return true
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(currentFingerprint)
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

/// One node of a search state: its volatile state (nil while crashed), storage, timer clock, and
/// the hash of the first two. Equality ignores the clock.
struct NodeSlot<N: Node>: Hashable, Sendable {
  var node: N?
  var storage: N.Storage
  var clock: Int64 = 0
  var hash = 0

  static func == (lhs: NodeSlot, rhs: NodeSlot) -> Bool {
    lhs.hash == rhs.hash && lhs.node == rhs.node && lhs.storage == rhs.storage
  }

  func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// A timer waiting at a node, with how long until its deadline on that node's clock.
struct PendingTimer<Timer: Hashable & Sendable>: Hashable, Sendable {
  var node: Int
  var timer: Timer
  /// Nanoseconds from the node's current clock to the deadline (never negative).
  var remaining: Int64
  /// `timer.hashValue`, computed once.
  let timerHash: Int

  init(node: Int, timer: Timer, remaining: Int64) {
    self.node = node
    self.timer = timer
    self.remaining = remaining
    self.timerHash = timer.hashValue
  }

  static func == (lhs: PendingTimer, rhs: PendingTimer) -> Bool {
    lhs.node == rhs.node && lhs.remaining == rhs.remaining && lhs.timerHash == rhs.timerHash && lhs.timer == rhs.timer
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(node)
    hasher.combine(timerHash)
    hasher.combine(remaining)
  }

  /// A hash of the node, timer and remaining time, without the cost of a `Hasher`.
  var identityHash: Int {
    var mixer = FingerprintMixer()
    mixer.add(node)
    mixer.add(timerHash)
    mixer.add(Int(truncatingIfNeeded: remaining))
    return mixer.value
  }
}

/// Folds already-hashed integers into one 64-bit fingerprint (a multiply-xorshift chain with a
/// SplitMix64 finish, after Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014).
struct FingerprintMixer {
  private var state: UInt64

  init(seed: UInt64 = 0x243F_6A88_85A3_08D3) { state = seed }

  @inline(__always)
  mutating func add(_ value: Int) {
    state = (state ^ UInt64(bitPattern: Int64(value))) &* 0x9E37_79B9_7F4A_7C15
    state ^= state >> 29
  }

  /// A well-mixed hash of one integer.
  static func mix(_ value: Int) -> Int {
    var mixer = FingerprintMixer()
    mixer.add(value)
    return mixer.value
  }

  var value: Int {
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(bitPattern: UInt(z ^ (z >> 31)))
  }
}
