import Foundation
import Simulation

/// Draws ranks 0..<count with probability proportional to 1/(rank+1)^skew (Zipf's law; skew 0 is
/// uniform), by binary search over the cumulative weights. Both DNS's and the DHT's workloads use it.
public struct ZipfSampler: Sendable, Hashable {
  /// How many ranks there are.
  public let count: Int
  /// The exponent.
  public let skew: Double
  private let cumulative: [Double]

  /// A sampler over `count` ranks (at least 1) with exponent `skew` (at least 0).
  public init(count: Int, skew: Double) {
    precondition(count >= 1 && skew >= 0, "Zipf needs at least one rank and a non-negative skew")
    self.count = count
    self.skew = skew
    var total = 0.0
    var sums: [Double] = []
    sums.reserveCapacity(count)
    for rank in 1...count {
      total += 1 / pow(Double(rank), skew)
      sums.append(total)
    }
    cumulative = sums.map { $0 / total }
  }

  /// The next rank, 0 the most popular.
  public func next(using random: inout SimulationRandom) -> Int {
    let u = random.nextUnitInterval()
    var low = 0, high = count - 1
    while low < high {
      let mid = (low + high) / 2
      if cumulative[mid] < u { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// The probability of `rank`.
  public func probability(of rank: Int) -> Double {
    rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1]
  }
}
