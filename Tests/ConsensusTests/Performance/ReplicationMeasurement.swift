import Simulation

/// What one closed-loop run of a replication protocol measured: commit latency as clients see it,
/// throughput, and messages per command, for the whole cluster and for the leader alone.
struct ReplicationMeasurement: CustomStringConvertible {
  var label: String
  var servers: Int
  var batching: Bool
  var commands: Int
  var latencyP50: Duration
  var latencyP99: Duration
  /// Commands completed per second of virtual time, with `clients` clients each keeping one
  /// command outstanding.
  var throughput: Double
  var messagesPerCommand: Double
  var leaderMessagesPerCommand: Double

  var description: String {
    func ms(_ d: Duration) -> String { String(format: "%.1f", Double(d.nanosecondCount) / 1e6) }
    return "| \(label) | \(servers) | \(batching ? "on" : "off") | \(ms(latencyP50)) | \(ms(latencyP99)) | "
      + String(format: "%.0f | %.1f | %.1f | %.0f |", throughput, messagesPerCommand, leaderMessagesPerCommand,
        leaderBoundThroughput)
  }

  /// A model, not a measurement: the most commands per second a leader that handles 100,000
  /// messages a second could commit, at this many leader messages per command.
  var leaderBoundThroughput: Double { 100_000 / max(1, leaderMessagesPerCommand) }

  static let header = """
    | protocol | servers | batching | latency p50 (ms) | latency p99 (ms) | throughput, 10 clients (cmd/s) | messages per command | leader messages per command | leader-bound throughput at 100k msg/s (cmd/s) |
    |---|---|---|---|---|---|---|---|---|
    """

  /// The network every measurement uses: 1–3 ms one way, no faults.
  static let network = LinkConditions(delay: .uniform(.milliseconds(1), .milliseconds(3)))
  /// Clients start once a leader is in place.
  static let warmUp = Duration.milliseconds(600)

  /// Measures a finished run: latencies from the history, messages from the trace (after the
  /// warm-up), the leader being the node `leader` names.
  static func measure<N: Node>(
    _ sim: Simulator<N>, trace: TraceLog, leader: NodeID, label: String, servers: Int, batching: Bool
  ) -> ReplicationMeasurement {
    var invoked: [Int: Duration] = [:]
    var latencies: [Duration] = []
    var lastCompletion = warmUp
    for event in sim.history.events {
      switch event.type {
      case .invoke: invoked[event.process] = event.time
      case .ok:
        if let start = invoked.removeValue(forKey: event.process) {
          latencies.append(event.time - start)
          lastCompletion = max(lastCompletion, event.time)
        }
      default: break
      }
    }
    latencies.sort()
    let start = warmUp.nanosecondCount
    var messages = 0
    var leaderMessages = 0
    for event in trace.events where event.time.nanoseconds >= start {
      switch event.kind {
      case .send:
        messages += 1
        if event.node == leader { leaderMessages += 1 }
      case .deliver:
        if event.node == leader { leaderMessages += 1 }
      default: break
      }
    }
    let count = max(1, latencies.count)
    func percentile(_ p: Double) -> Duration {
      latencies.isEmpty ? .zero : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
    }
    let seconds = Double((lastCompletion - warmUp).nanosecondCount) / 1e9
    return ReplicationMeasurement(
      label: label, servers: servers, batching: batching, commands: latencies.count,
      latencyP50: percentile(0.5), latencyP99: percentile(0.99),
      throughput: seconds > 0 ? Double(latencies.count) / seconds : 0,
      messagesPerCommand: Double(messages) / Double(count),
      leaderMessagesPerCommand: Double(leaderMessages) / Double(count))
  }
}
