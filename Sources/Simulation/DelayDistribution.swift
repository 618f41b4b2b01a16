import Foundation

/// How long a message spends on a link: a fixed latency, a uniform spread, or a long tail.
public enum DelayDistribution: Hashable, Sendable, CustomStringConvertible {
  /// Every message takes exactly this long.
  case fixed(Duration)
  /// Delays spread evenly between the two bounds (inclusive of the lower, exclusive of the upper).
  case uniform(Duration, Duration)
  /// `minimum` plus an exponentially distributed extra with the given mean: most messages are
  /// quick, a few are very late (a long tail).
  case exponential(minimum: Duration, mean: Duration)

  /// The default latency of a simulated link: 1 ms, no jitter.
  public static let standard = DelayDistribution.fixed(.milliseconds(1))

  /// Draws one delay in nanoseconds. Consumes no randomness for `.fixed`.
  @inlinable
  public func sample(using random: inout SimulationRandom) -> Int64 {
    switch self {
    case .fixed(let delay):
      return delay.nanosecondCount
    case .uniform(let low, let high):
      let lo = low.nanosecondCount, hi = high.nanosecondCount
      if hi <= lo { return lo }
      return lo + Int64(random.next(upperBound: UInt64(hi - lo)))
    case .exponential(let minimum, let mean):
      // Inverse transform: -mean · ln(1 - u), with u in [0, 1) so the log is finite.
      let u = random.nextUnitInterval()
      let extra = -Double(mean.nanosecondCount) * log1p(-u)
      return minimum.nanosecondCount + Int64(min(extra, 1e15))
    }
  }

  /// Checks that no bound is negative and the bounds are ordered.
  func validate(field: String) throws(SimulationConfigurationError) {
    switch self {
    case .fixed(let delay):
      if delay < .zero { throw .negativeDuration(delay, field: field) }
    case .uniform(let low, let high):
      if low < .zero { throw .negativeDuration(low, field: field) }
      if high < low { throw .invalidRange(field: field, reason: "upper bound \(high.compactDescription) below lower bound \(low.compactDescription)") }
    case .exponential(let minimum, let mean):
      if minimum < .zero { throw .negativeDuration(minimum, field: field) }
      if mean < .zero { throw .negativeDuration(mean, field: "\(field).mean") }
    }
  }

  public var description: String {
    switch self {
    case .fixed(let d): "fixed(\(d.compactDescription))"
    case .uniform(let a, let b): "uniform(\(a.compactDescription)..<\(b.compactDescription))"
    case .exponential(let m, let mean):
      "exponential(min: \(m.compactDescription), mean: \(mean.compactDescription))"
    }
  }
}
