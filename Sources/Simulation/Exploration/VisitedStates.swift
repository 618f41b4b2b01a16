/// The states a breadth-first search has found, numbered in order, with an open-addressing index
/// on their fingerprints (no per-lookup rehashing, and growth moves only small integers).
struct VisitedStates<N: Node> {
  private(set) var states: [SearchState<N>] = []
  private var fingerprints: [Int] = []
  private var slots: [Int32] = Array(repeating: -1, count: 1 << 12)
  private var mask = (1 << 12) - 1

  var count: Int { states.count }

  subscript(id: Int32) -> SearchState<N> { states[Int(id)] }

  /// The number of a state equal to `state`, if one was found before.
  func find(_ state: SearchState<N>) -> Int32? {
    var slot = state.fingerprint & mask
    while true {
      let id = slots[slot]
      if id < 0 { return nil }
      if fingerprints[Int(id)] == state.fingerprint && states[Int(id)] == state { return id }
      slot = (slot + 1) & mask
    }
  }

  /// Adds a state not found before and returns its number.
  mutating func insert(_ state: SearchState<N>) -> Int32 {
    let id = Int32(states.count)
    states.append(state)
    fingerprints.append(state.fingerprint)
    if states.count * 2 > slots.count { grow() } else { place(id) }
    return id
  }

  private mutating func place(_ id: Int32) {
    var slot = fingerprints[Int(id)] & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = id
  }

  private mutating func grow() {
    slots = Array(repeating: -1, count: slots.count * 2)
    mask = slots.count - 1
    for id in fingerprints.indices { place(Int32(id)) }
  }
}
