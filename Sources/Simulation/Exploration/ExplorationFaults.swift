/// The faults an exploration may inject, each bounded per path so the state space stays finite.
///
/// Every fault is a choice, not a coin flip: with `drops: 1` the search tries losing each message
/// in flight, once per path. All bounds default to zero (a reliable network, no crashes).
public struct ExplorationFaults: Hashable, Sendable {
  /// Messages the network may lose on one path.
  public var drops: Int
  /// Messages the network may duplicate on one path.
  public var duplicates: Int
  /// Crashes on one path.
  public var crashes: Int
  /// Whether a crashed node may restart (from its durable storage).
  public var restarts: Bool

  /// Creates fault bounds; all default to none.
  public init(drops: Int = 0, duplicates: Int = 0, crashes: Int = 0, restarts: Bool = false) {
    self.drops = drops
    self.duplicates = duplicates
    self.crashes = crashes
    self.restarts = restarts
  }

  /// No faults: every message is delivered exactly once, in any order.
  public static let none = ExplorationFaults()
}

/// Which pending timers of a node may fire next.
public enum TimerOrder: Hashable, Sendable {
  /// Only the timer(s) with the earliest deadline at that node, as a node's local clock would order
  /// them (messages may still arrive at any point in between).
  case deadline
  /// Any pending timer, in any order: a fully asynchronous model.
  case any
}
