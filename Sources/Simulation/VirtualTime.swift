/// A point in the simulation's virtual time: nanoseconds since the run began.
///
/// The simulator keeps time as a 64-bit count of nanoseconds so that ordering events is cheap;
/// the public API speaks `Duration` (time since the start of the run).
public struct VirtualTime: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Nanoseconds since the start of the run.
  public var nanoseconds: Int64

  /// The instant `nanoseconds` after the start of the run.
  public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

  /// The instant `offset` after the start of the run.
  public init(_ offset: Duration) { self.nanoseconds = offset.nanosecondCount }

  /// The start of every run.
  public static let zero = VirtualTime(nanoseconds: 0)

  /// The time since the start of the run.
  public var sinceStart: Duration { .nanoseconds(nanoseconds) }

  public static func < (lhs: VirtualTime, rhs: VirtualTime) -> Bool {
    lhs.nanoseconds < rhs.nanoseconds
  }

  /// The instant `duration` later, saturating at the largest representable instant.
  public static func + (lhs: VirtualTime, rhs: Duration) -> VirtualTime {
    let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(rhs.nanosecondCount)
    return VirtualTime(nanoseconds: overflow ? .max : sum)
  }

  public var description: String { Duration.nanoseconds(nanoseconds).compactDescription }
}

extension Duration {
  /// The duration in whole nanoseconds, saturating at `Int64.max`.
  public var nanosecondCount: Int64 {
    let (seconds, attoseconds) = components
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    if overflow { return seconds < 0 ? .min : .max }
    let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
    if overflow2 { return seconds < 0 ? .min : .max }
    return sum
  }

  /// A short human form such as `250ms`, `1.5s` or `12µs`, used in traces and reports.
  public var compactDescription: String {
    let ns = nanosecondCount
    let magnitude = ns.magnitude
    func scaled(_ unit: UInt64, _ suffix: String) -> String {
      let whole = magnitude / unit
      let fraction = magnitude % unit
      let sign = ns < 0 ? "-" : ""
      if fraction == 0 { return "\(sign)\(whole)\(suffix)" }
      var digits = String(fraction + unit).dropFirst()  // zero-padded fraction
      while digits.last == "0" { digits = digits.dropLast() }
      return "\(sign)\(whole).\(digits)\(suffix)"
    }
    switch magnitude {
    case 0: return "0s"
    case 1_000_000_000...: return scaled(1_000_000_000, "s")
    case 1_000_000...: return scaled(1_000_000, "ms")
    case 1_000...: return scaled(1_000, "µs")
    default: return scaled(1, "ns")
    }
  }
}
