/// Buffer reuse for the search's working arrays, which are emptied and refilled for every step.
extension Array {
  /// Empties the array and keeps its buffer, like `removeAll(keepingCapacity: true)` without the
  /// general range-replacement path (which costs more than the few elements these arrays hold).
  @inline(__always)
  mutating func clear() {
    while !isEmpty { removeLast() }
  }

  /// Makes the array equal to `other`, writing into its own buffer (no allocation when that buffer
  /// is unique and large enough).
  @inline(__always)
  mutating func overwrite(with other: [Element]) {
    while count > other.count { removeLast() }
    let common = count
    if common > 0 {
      // Element by element: these arrays are short, and a loop of moves beats a call to memmove.
      withUnsafeMutableBufferPointer { mine in
        other.withUnsafeBufferPointer { theirs in
          for i in 0..<common { mine[i] = theirs[i] }
        }
      }
    }
    if common < other.count { append(contentsOf: other[common...]) }
  }

  /// Makes the array the `count` elements `element(0)`, `element(1)`…, writing over its own
  /// elements where it has them.
  @inline(__always)
  mutating func overwrite(count: Int, _ element: (Int) -> Element) {
    while self.count > count { removeLast() }
    let common = self.count
    withUnsafeMutableBufferPointer { buffer in
      for i in 0..<common { buffer[i] = element(i) }
    }
    for i in common..<count { append(element(i)) }
  }
}
