/// The set of operations linearized so far, as bits; the first 128 live inline so that small
/// searches never allocate for it.
struct Bitset: Hashable {
  private var low: UInt64 = 0
  private var high: UInt64 = 0
  private var rest: [UInt64]

  init(capacity: Int) {
    rest = capacity > 128 ? Array(repeating: 0, count: (capacity - 128 + 63) / 64) : []
  }

  @inline(__always)
  mutating func insert(_ i: Int) {
    if i < 64 { low |= 1 << UInt64(i) } else if i < 128 { high |= 1 << UInt64(i - 64) } else {
      rest[(i - 128) >> 6] |= 1 << UInt64((i - 128) & 63)
    }
  }

  @inline(__always)
  mutating func remove(_ i: Int) {
    if i < 64 { low &= ~(1 << UInt64(i)) } else if i < 128 { high &= ~(1 << UInt64(i - 64)) } else {
      rest[(i - 128) >> 6] &= ~(1 << UInt64((i - 128) & 63))
    }
  }

  @inline(__always)
  func contains(_ i: Int) -> Bool {
    if i < 64 { return low & (1 << UInt64(i)) != 0 }
    if i < 128 { return high & (1 << UInt64(i - 64)) != 0 }
    return rest[(i - 128) >> 6] & (1 << UInt64((i - 128) & 63)) != 0
  }
}
