/// A node's local clock relative to true virtual time: a fixed offset (skew) and a rate error (drift).
///
/// The node's `Context.now` reads `offset + t · (1 + drift)` at true time `t`, and a timer set for
/// `d` of local time fires after `d / (1 + drift)` of true time. The trace always records true time.
public struct ClockModel: Hashable, Sendable {
  /// How far ahead (positive) or behind (negative) the node's clock is at time zero.
  public var offset: Duration
  /// The rate error: 0.001 means the clock gains 1 ms per second.
  public var drift: Double

  /// A perfect clock.
  public static let perfect = ClockModel(offset: .zero, drift: 0)

  /// Creates a clock with the given skew and drift.
  public init(offset: Duration = .zero, drift: Double = 0) {
    self.offset = offset
    self.drift = drift
  }

  /// The local clock reading at true time `t` (nanoseconds).
  @inlinable
  func localTime(atTrue t: Int64) -> Int64 {
    if drift == 0 { return offset.nanosecondCount &+ t }
    return offset.nanosecondCount &+ Int64((Double(t) * (1 + drift)).rounded())
  }

  /// The true duration (nanoseconds) of `local` nanoseconds on this clock.
  @inlinable
  func trueDuration(ofLocal local: Int64) -> Int64 {
    if drift == 0 { return local }
    return Int64((Double(local) / (1 + drift)).rounded(.up))
  }

  func validate(field: String) throws(SimulationConfigurationError) {
    if !(drift > -1) || !drift.isFinite { throw .invalidDrift(drift, field: "\(field).drift") }
  }
}
