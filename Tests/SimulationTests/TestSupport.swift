import Foundation
import Simulation
import SimulationExamples
import Testing

/// Seeds for randomized tests: `count` of them, or just the one in `DISTLAB_SEED` when replaying.
enum TestSeeds {
  static func values(_ count: Int) -> [UInt64] {
    if let text = ProcessInfo.processInfo.environment["DISTLAB_SEED"], let seed = UInt64(text) { return [seed] }
    return (1...UInt64(count)).map { $0 }
  }

  /// The line a failing randomized test prints: its seed and how to rerun just that seed.
  static func replay(_ seed: UInt64, _ filter: String) -> Comment {
    "seed \(seed) — replay: DISTLAB_SEED=\(seed) swift test --filter \(filter)"
  }
}

/// Sends numbered messages to its targets (all at start, or one round per `interval`) and records
/// what it receives.
struct Flood: Node {
  enum Message: Hashable, Sendable { case data(Int) }
  enum Timer: Hashable, Sendable { case next }

  let targets: [NodeID]
  let count: Int
  let interval: Duration?
  private(set) var sent = 0
  private(set) var received: [NodeID: [Int]] = [:]
  private(set) var receivedAt: [Duration] = []

  init(targets: [NodeID] = [], count: Int = 0, interval: Duration? = nil) {
    self.targets = targets
    self.count = count
    self.interval = interval
  }

  func values(from sender: NodeID) -> [Int] { received[sender] ?? [] }

  mutating func start(context: inout Context<Flood>) {
    guard !targets.isEmpty, count > 0 else { return }
    if interval == nil {
      for i in 0..<count { context.broadcast(.data(i), to: targets) }
      sent = count
    } else {
      context.setTimer(.next, after: .zero)
    }
  }

  mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<Flood>) {
    guard case .data(let value) = message else { return }
    received[sender, default: []].append(value)
    receivedAt.append(context.now)
  }

  mutating func timerFired(_ timer: Timer, context: inout Context<Flood>) {
    context.broadcast(.data(sent), to: targets)
    sent += 1
    if sent < count, let interval { context.setTimer(.next, after: interval) }
  }
}

/// Ticks every 10 ms of local time, counting ticks in volatile state and on durable storage.
struct Ticker: Node {
  typealias Message = Never
  enum Timer: Hashable, Sendable { case tick }
  struct Storage: DurableStorage { var ticks = 0 }

  private(set) var ticks = 0
  private(set) var startedAt: Duration?
  private(set) var tickTimes: [Duration] = []

  mutating func start(context: inout Context<Ticker>) {
    startedAt = context.now
    context.setTimer(.tick, after: .milliseconds(10))
  }

  mutating func receive(_ message: Never, from sender: NodeID, context: inout Context<Ticker>) {}

  mutating func timerFired(_ timer: Timer, context: inout Context<Ticker>) {
    ticks += 1
    context.storage.ticks += 1
    tickTimes.append(context.now)
    context.setTimer(.tick, after: .milliseconds(10))
  }
}

/// The trace of a register example run, as text.
func registerTrace(seed: UInt64, operations: Int = 8) throws -> (trace: String, history: String) {
  let log = TraceLog()
  var options = ExampleOptions(seed: seed)
  options.operationsPerClient = operations
  options.trace = log
  let run = try ExampleCatalog.register.run(options)
  return (log.jsonLines, run.history?.jsonLines ?? "")
}
