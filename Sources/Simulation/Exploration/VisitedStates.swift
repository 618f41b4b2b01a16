/// The states a breadth-first search has found, numbered in order, as compact records (see
/// `StateRecord`) in one shared buffer, with an open-addressing index keyed by their 64-bit
/// fingerprints (no per-lookup rehashing; growth moves only small entries).
///
/// With `exact` a fingerprint match is confirmed by comparing the records' identity words, and every
/// record is kept. Without it the fingerprint alone decides (hash compaction, as TLC does) and the
/// search keeps only recent records (`forget(below:)`), which saves most of the memory at a tiny
/// risk of treating two different states as one (see `Explorer.StateMatching.fingerprint`).
struct VisitedStates {
  /// One table entry: a state's fingerprint and its number (-1 for an empty entry).
  private struct Entry {
    var fingerprint: Int
    var id: Int32
  }

  private var table = [Entry](repeating: Entry(fingerprint: 0, id: -1), count: 1 << 12)
  private var mask = (1 << 12) - 1
  /// The kept records, back to back, of the states numbered `firstKept` and up.
  private var words: [UInt32] = []
  /// Where each kept record starts in `words`, for the states numbered `firstKept` and up.
  private var starts: [Int] = []
  private var firstKept = 0
  let exact: Bool

  init(exact: Bool) { self.exact = exact }

  private(set) var count = 0

  /// The record of state `id`, if it is kept.
  func record(_ id: Int32) -> ArraySlice<UInt32>? {
    let position = Int(id) - firstKept
    guard position >= 0 else { return nil }
    let end = position + 1 < starts.count ? starts[position + 1] : words.count
    return words[starts[position]..<end]
  }

  /// The number of a state whose record has the same identity as the one `record` starts with (or,
  /// when not exact, the same fingerprint), if one was found before.
  func find(_ record: [UInt32], fingerprint: Int) -> Int32? {
    var slot = fingerprint & mask
    while true {
      let entry = table[slot]
      if entry.id < 0 { return nil }
      if entry.fingerprint == fingerprint && (!exact || sameIdentity(Int(entry.id), record)) { return entry.id }
      slot = (slot + 1) & mask
    }
  }

  /// Whether the kept record of state `id` has the identity of `record`.
  private func sameIdentity(_ id: Int, _ record: [UInt32]) -> Bool {
    let start = starts[id - firstKept]
    let length = StateRecord.identityLength(record)
    return words.withUnsafeBufferPointer { stored in
      record.withUnsafeBufferPointer { candidate in
        // The header holds the lengths, so once it matches both identities have `length` words.
        guard stored[start] == candidate[0] && stored[start + 1] == candidate[1] else { return false }
        for i in 2..<length where stored[start + i] != candidate[i] { return false }
        return true
      }
    }
  }

  /// Adds a state not found before, keeping its record (the first `length` words of `record`), and
  /// returns its number.
  mutating func insert(_ record: [UInt32], length: Int, fingerprint: Int) -> Int32 {
    let id = Int32(count)
    count += 1
    starts.append(words.count)
    words.append(contentsOf: record[..<length])
    if count * 2 > table.count { grow() }
    place(Entry(fingerprint: fingerprint, id: id))
    return id
  }

  /// Drops the records of states numbered below `id` (fingerprint matching only: exact matching
  /// needs every record).
  mutating func forget(below id: Int) {
    guard !exact, id > firstKept else { return }
    let dropped = min(id, count) - firstKept
    let cut = dropped < starts.count ? starts[dropped] : words.count
    words.removeSubrange(0..<cut)
    starts.removeSubrange(0..<dropped)
    for i in starts.indices { starts[i] -= cut }
    firstKept += dropped
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
