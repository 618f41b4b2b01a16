/// The memo of Lowe's WGL variant: every (linearized set, model state) pair already explored.
///
/// Bitsets live side by side in one arena and are found through an open-addressing table, so an
/// insertion allocates nothing but amortised growth. The set's hash is kept incrementally
/// (Zobrist: one random word per operation, XORed in and out), so hashing costs the same whatever
/// the history's length. Operations are numbered in invocation order, so a linearized set is
/// nearly a prefix: each set is stored as its count of leading all-ones words plus the words after
/// them up to the last non-zero one, which keeps memory proportional to the concurrency, not to the
/// history's length.
struct StateCache<State: Hashable> {
  /// Words per bitset.
  let words: Int
  private var arena: [UInt64] = []
  /// Per entry: where its stored words start in the arena, how many there are, and how many
  /// leading all-ones words were left out.
  private var offsets: [Int] = []
  private var lengths: [Int32] = []
  private var fullWords: [Int32] = []
  private var states: [State] = []
  private var hashes: [UInt64] = []
  /// Open-addressing slots: 0 when empty, else (upper 32 bits of the hash) << 32 | (entry + 1),
  /// so most mismatches are rejected without touching the entry.
  private var table: [UInt64]
  private var mask: Int

  /// Entries stored.
  var count: Int { states.count }

  init(operations: Int) {
    words = max(1, (operations + 63) / 64)
    table = Array(repeating: 0, count: 1 << 12)
    mask = (1 << 12) - 1
  }

  /// Inserts the pair unless present; true if it was new.
  mutating func insert(_ bits: [UInt64], setHash: UInt64, state: State) -> Bool {
    let hash = Self.mix(setHash ^ UInt64(bitPattern: Int64(state.hashValue)))
    var low = 0
    while low < bits.count && bits[low] == ~0 { low += 1 }
    var high = bits.count
    while high > low && bits[high - 1] == 0 { high -= 1 }
    let tag = hash & 0xFFFF_FFFF_0000_0000
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let packed = table[slot]
      if packed == 0 { break }
      if packed & 0xFFFF_FFFF_0000_0000 == tag {
        let entry = Int(packed & 0xFFFF_FFFF) - 1
        if hashes[entry] == hash && sameBits(entry, bits, low, high) && states[entry] == state { return false }
      }
      slot = (slot + 1) & mask
    }
    table[slot] = tag | UInt64(states.count + 1)
    hashes.append(hash)
    states.append(state)
    offsets.append(arena.count)
    lengths.append(Int32(high - low))
    fullWords.append(Int32(low))
    arena.append(contentsOf: bits[low..<high])
    if states.count * 2 > table.count { grow() }
    return true
  }

  private func sameBits(_ entry: Int, _ bits: [UInt64], _ low: Int, _ high: Int) -> Bool {
    guard Int(fullWords[entry]) == low, Int(lengths[entry]) == high - low else { return false }
    let base = offsets[entry]
    for i in 0..<(high - low) where arena[base + i] != bits[low + i] { return false }
    return true
  }

  private mutating func grow() {
    let capacity = table.count * 2
    table = Array(repeating: 0, count: capacity)
    mask = capacity - 1
    for (entry, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & mask
      while table[slot] != 0 { slot = (slot + 1) & mask }
      table[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(entry + 1)
    }
  }

  /// A 64-bit finaliser (from SplitMix64) so that nearby hashes spread over the table.
  @inline(__always)
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
