import Foundation
import Simulation

/// The φ accrual failure detector (Hayashibara, Défago, Yared and Katayama, "The φ Accrual
/// Failure Detector", SRDS 2004), over all-to-all heartbeats.
///
/// Instead of a yes/no verdict after a fixed timeout, a node keeps, per peer, a sliding window of
/// heartbeat inter-arrival times and computes a suspicion *level*
/// φ(t) = −log₁₀ P_later(t − last arrival), where P_later is the probability that a heartbeat
/// arrives that late or later under a normal distribution fitted to the window. φ = 1 means a 10%
/// chance of a mistake, φ = 8 one in 10⁸. The node suspects a peer while its φ exceeds `threshold`.
public struct PhiAccrual: FailureDetector {
  public enum Message: Hashable, Sendable, CustomStringConvertible, WireSized {
    /// "I am alive", the sender's `sequence`-th beat.
    case heartbeat(sequence: Int)

    public var description: String {
      switch self {
      case .heartbeat(let s): "heartbeat(\(s))"
      }
    }

    public var wireSize: Int { messageHeaderBytes + 8 }
  }

  public enum Timer: Hashable, Sendable, CustomStringConvertible {
    /// Time to send heartbeats.
    case beat
    /// Time to recompute every peer's φ.
    case check

    public var description: String {
      switch self {
      case .beat: "beat"
      case .check: "check"
      }
    }
  }

  // MARK: - Configuration

  /// Every other node, sorted.
  public let peers: [NodeID]
  /// How often heartbeats go out.
  public let period: Duration
  /// Suspect a peer while its φ is above this.
  public let threshold: Double
  /// How many recent inter-arrival times the estimate uses.
  public let windowSize: Int
  /// A floor on the estimated standard deviation, so that a perfectly regular peer is not
  /// suspected the moment a heartbeat is a little late.
  public let minimumDeviation: Duration
  /// How often φ is recomputed (a quarter period by default).
  public let checkInterval: Duration

  // MARK: - State

  public private(set) var record = DetectorRecord()
  private var windows: [NodeID: ArrivalWindow] = [:]
  private var sequence = 0

  public var isObserver: Bool { true }

  /// Creates a node that heartbeats to `peers` and suspects at φ > `threshold`.
  public init(
    peers: [NodeID], period: Duration = .milliseconds(100), threshold: Double = 8, windowSize: Int = 100,
    minimumDeviation: Duration? = nil, checkInterval: Duration? = nil
  ) {
    self.peers = peers.sorted()
    self.period = period
    self.threshold = threshold
    self.windowSize = windowSize
    self.minimumDeviation = minimumDeviation ?? period / 10
    self.checkInterval = checkInterval ?? period / 4
  }

  /// The suspicion level of `peer` at local time `now`: 0 right after a heartbeat, rising while none comes.
  public func phi(of peer: NodeID, at now: Duration) -> Double {
    guard let window = windows[peer] else { return 0 }
    let mean = window.mean ?? period.seconds
    let deviation = max(window.standardDeviation ?? period.seconds / 4, minimumDeviation.seconds)
    return PhiAccrual.phi(elapsed: (now - window.lastArrival).seconds, mean: mean, deviation: deviation)
  }

  /// φ for a heartbeat `elapsed` seconds overdue since the last, under a normal distribution of inter-arrival times.
  public static func phi(elapsed: Double, mean: Double, deviation: Double) -> Double {
    // TODO(lab): part 5. φ = −log₁₀ P_later, with P_later = ½·erfc(z/√2) and z = (elapsed − mean)/deviation.
    // Far in the tail erfc underflows to 0: use its asymptote there, so that φ keeps rising.
    0
  }

  // MARK: - Handlers

  public mutating func start(context: inout Context<PhiAccrual>) {
    // TODO(lab): part 5. Start an `ArrivalWindow` per peer (last arrival: now) and set the `.beat`
    // timer (after `randomPhase(&context.random, within: period)`) and the `.check` timer.
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<PhiAccrual>) {
    // TODO(lab): part 5. Record the heartbeat's arrival in the sender's window and end a suspicion.
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<PhiAccrual>) {
    // TODO(lab): part 5. `.beat`: heartbeat every peer and set the timer again. `.check`: suspect
    // every peer whose φ is above `threshold`, and set the timer again.
  }
}

/// The last `capacity` inter-arrival times of one peer's heartbeats, with running sums.
struct ArrivalWindow: Hashable, Sendable {
  private(set) var lastArrival: Duration
  let capacity: Int
  private var intervals: [Double] = []
  private var oldest = 0
  private var sum = 0.0
  private var sumOfSquares = 0.0
  /// Whether a heartbeat arrived yet (the time from boot to the first is not an interval).
  private var heard = false

  init(lastArrival: Duration, capacity: Int) {
    self.lastArrival = lastArrival
    self.capacity = max(1, capacity)
  }

  /// Records a heartbeat at `now`.
  mutating func arrive(at now: Duration) {
    let interval = (now - lastArrival).seconds
    lastArrival = now
    guard heard else {
      heard = true
      return
    }
    if intervals.count < capacity {
      intervals.append(interval)
    } else {
      let dropped = intervals[oldest]
      sum -= dropped
      sumOfSquares -= dropped * dropped
      intervals[oldest] = interval
      oldest = (oldest + 1) % capacity
    }
    sum += interval
    sumOfSquares += interval * interval
  }

  /// The mean inter-arrival time in seconds, once there is one.
  var mean: Double? { intervals.isEmpty ? nil : sum / Double(intervals.count) }

  /// The standard deviation in seconds, once there are two intervals.
  var standardDeviation: Double? {
    guard intervals.count >= 2, let mean else { return nil }
    return max(0, sumOfSquares / Double(intervals.count) - mean * mean).squareRoot()
  }
}

extension Duration {
  /// The duration in seconds, as a floating-point number.
  var seconds: Double { Double(nanosecondCount) / 1e9 }
}
