/// The seeded random number generator that drives every random choice in a run.
///
/// It is xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
/// 2018), seeded through SplitMix64, so one 64-bit seed fixes the whole stream on every
/// platform. Nodes read it through `Context.random`; never use the system generator in a node.
public struct SimulationRandom: RandomNumberGenerator, Hashable, Sendable {
  @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  /// Creates the generator whose stream is fixed by `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func next() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = next(); s1 = next(); s2 = next(); s3 = next()
  }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotate(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotate(s3, 45)
    return result
  }

  @usableFromInline
  func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniformly distributed value in `0 ..< 1` with 53 bits of precision.
  @inlinable
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// True with probability `probability` (which must lie in `0 ... 1`).
  ///
  /// Draws nothing from the stream when the probability is 0 or 1, so enabling a fault with
  /// probability 0 does not change any other random choice.
  @inlinable
  public mutating func chance(_ probability: Double) -> Bool {
    if probability <= 0 { return false }
    if probability >= 1 { return true }
    return nextUnitInterval() < probability
  }

  /// A uniformly chosen integer in `0 ..< upperBound`.
  public mutating func index(below upperBound: Int) -> Int {
    precondition(upperBound > 0, "index(below:) needs a positive bound")
    return Int(next(upperBound: UInt64(upperBound)))
  }

  /// Derives an independent generator for a sub-task, e.g. one seed per test case.
  public mutating func split() -> SimulationRandom { SimulationRandom(seed: next()) }
}
