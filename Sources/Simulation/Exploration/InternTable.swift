/// Distinct values numbered in the order they first appear (interning): a search stores a value's
/// number instead of the value, so equal values cost one 32-bit word and compare as integers.
///
/// The caller supplies each value's hash (the search has it already); an open-addressing index
/// keyed by it finds a value's number, confirming a hash match with `==`.
struct InternTable<Element: Equatable> {
  /// One index entry: a value's hash and its number (-1 for an empty entry).
  private struct Entry {
    var hash: Int
    var number: Int32
  }

  /// The values, by number.
  private(set) var elements: [Element] = []
  private var index = [Entry](repeating: Entry(hash: 0, number: -1), count: 64)
  private var mask = 63

  /// The value numbered `number`.
  subscript(number: UInt32) -> Element { elements[Int(number)] }

  /// The number of `element` (whose hash is `hash`), numbering it now if it is new.
  @inline(__always)
  mutating func number(of element: Element, hash: Int) -> UInt32 {
    var slot = Self.spread(hash) & mask
    while true {
      let entry = index[slot]
      if entry.number < 0 { break }
      if entry.hash == hash && elements[Int(entry.number)] == element { return UInt32(entry.number) }
      slot = (slot + 1) & mask
    }
    let number = Int32(elements.count)
    elements.append(element)
    index[slot] = Entry(hash: hash, number: number)
    if elements.count * 2 > index.count { grow() }
    return UInt32(number)
  }

  /// Hashes from `Hasher` are uniform already; this folds the high bits in for any that are not.
  @inline(__always)
  private static func spread(_ hash: Int) -> Int { hash ^ (hash >> 32) }

  private mutating func grow() {
    let old = index
    index = [Entry](repeating: Entry(hash: 0, number: -1), count: old.count * 2)
    mask = index.count - 1
    for entry in old where entry.number >= 0 {
      var slot = Self.spread(entry.hash) & mask
      while index[slot].number >= 0 { slot = (slot + 1) & mask }
      index[slot] = entry
    }
  }
}
