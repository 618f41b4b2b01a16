/// The states a breadth-first search has found, numbered in order, with an open-addressing index
/// keyed by their 64-bit fingerprints (no per-lookup rehashing; growth moves only small entries).
///
/// With `exact` a fingerprint match is confirmed by comparing the states themselves, so every state
/// is kept. Without it the fingerprint alone decides (hash compaction, as TLC does) and no state is
/// kept here at all, which saves most of the memory at a tiny risk of treating two different states
/// as one (see `Explorer.StateMatching.fingerprint`); the search then holds only its frontier's states.
struct VisitedStates<N: Node> {
  /// One table entry: a state's fingerprint and its number (-1 for an empty entry).
  private struct Entry {
    var fingerprint: Int
    var id: Int32
  }

  private(set) var states: [SearchState<N>] = []
  private var table = [Entry](repeating: Entry(fingerprint: 0, id: -1), count: 1 << 12)
  private var mask = (1 << 12) - 1
  let exact: Bool

  init(exact: Bool) { self.exact = exact }

  private(set) var count = 0

  /// The state numbered `id`, when states are kept (`exact`).
  func state(_ id: Int32) -> SearchState<N>? { exact ? states[Int(id)] : nil }

  /// The number of a state equal to `state` (or with its fingerprint, when not exact), if found before.
  func find(_ state: SearchState<N>) -> Int32? {
    var slot = state.fingerprint & mask
    while true {
      let entry = table[slot]
      if entry.id < 0 { return nil }
      if entry.fingerprint == state.fingerprint && (!exact || states[Int(entry.id)] == state) { return entry.id }
      slot = (slot + 1) & mask
    }
  }

  /// Adds a state not found before and returns its number.
  mutating func insert(_ state: SearchState<N>) -> Int32 {
    let id = Int32(count)
    count += 1
    if exact { states.append(state) }
    if count * 2 > table.count { grow() }
    place(Entry(fingerprint: state.fingerprint, id: id))
    return id
  }

  private mutating func place(_ entry: Entry) {
    var slot = entry.fingerprint & mask
    while table[slot].id >= 0 { slot = (slot + 1) & mask }
    table[slot] = entry
  }

  private mutating func grow() {
    let old = table
    table = [Entry](repeating: Entry(fingerprint: 0, id: -1), count: old.count * 2)
    mask = table.count - 1
    for entry in old where entry.id >= 0 { place(entry) }
  }
}
