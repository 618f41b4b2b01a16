import Foundation
import Simulation
import SimulationExamples

/// Measures simulated deliveries per second on one core, and checks that memory stays flat as the
/// event count grows (the trace streams to disk instead of accumulating).
struct SimulationBenchmark {
  let deliveries: Int
  let seed: UInt64
  let includeTrace: Bool

  struct Measurement {
    var name: String
    var delivered: Int
    var events: Int
    var seconds: Double
    var residentMiB: Double
  }

  func run() throws {
    emit("Simulation benchmark: \(deliveries) deliveries per row (traced rows: a fifth, then 4x that), seed \(seed), one core")
    emit(row("workload", "deliveries", "events", "seconds", "deliveries/s", "resident MiB"))
    var results: [Measurement] = []
    for measure in [echo(trace: nil), broadcast(trace: nil)] {
      let measurement = try measure()
      results.append(measurement)
      emit(format(measurement))
    }
    guard includeTrace else { return }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("distlab-bench-trace.jsonl").path
    for scale in [1, 4] {
      let writer = try JSONLinesTraceWriter(path: path)
      let measurement = try echo(trace: writer, scale: scale, name: "echo, trace → file ×\(scale)")()
      try writer.finish()
      emit(format(measurement) + "  (\(writer.bytesWritten / 1_048_576) MiB of trace)")
      results.append(measurement)
    }
    try? FileManager.default.removeItem(atPath: path)
    let traced = results.suffix(2).map(\.residentMiB)
    emit(
      String(
        format: "memory with a streamed trace: %.1f MiB at 1x, %.1f MiB at 4x the events (flat if equal)",
        traced[0], traced[1]))
  }

  private func echo(trace: (any TraceSink)?, scale: Int = 1, name: String = "echo (2 nodes)") -> () throws -> Measurement {
    {
      let sim = try Simulator<EchoNode>(nodes: [1, 2], seed: seed, trace: trace, label: "bench-echo") { id in
        id == 1 ? EchoNode(peer: 2, window: 64) : EchoNode(peer: nil)
      }
      return measure(name, sim, target: (trace == nil ? deliveries : deliveries / 5) * scale)
    }
  }

  private func broadcast(trace: (any TraceSink)?) -> () throws -> Measurement {
    {
      let nodes: [NodeID] = [1, 2, 3, 4, 5]
      let sim = try Simulator<BroadcastNode>(
        nodes: nodes, seed: seed,
        network: LinkConditions(delay: .uniform(.microseconds(500), .milliseconds(2))),
        trace: trace, label: "bench-broadcast"
      ) { id in BroadcastNode(peers: nodes.filter { $0 != id }) }
      return measure("broadcast (5 nodes)", sim, target: deliveries)
    }
  }

  private func measure<N: Node>(_ name: String, _ sim: Simulator<N>, target: Int) -> Measurement {
    let clock = ContinuousClock()
    let start = clock.now
    while sim.statistics.delivered < target { sim.run(for: .milliseconds(50)) }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return Measurement(
      name: name, delivered: sim.statistics.delivered, events: sim.statistics.events, seconds: seconds,
      residentMiB: residentMemoryMiB())
  }

  private func format(_ m: Measurement) -> String {
    row(
      m.name, "\(m.delivered)", "\(m.events)", String(format: "%.2f", m.seconds),
      String(format: "%.2f M", Double(m.delivered) / m.seconds / 1e6), String(format: "%.1f", m.residentMiB))
  }

  /// Writes a line straight to standard output, so rows appear as they are measured even in a pipe.
  private func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  private func row(_ columns: String...) -> String {
    let widths = [28, 12, 12, 9, 14, 13]
    return zip(columns, widths).map { column, width in
      column.count >= width ? column + " " : column.padding(toLength: width, withPad: " ", startingAt: 0)
    }.joined()
  }

  /// Resident set size now, from /proc (Linux); 0 where unavailable.
  private func residentMemoryMiB() -> Double {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
  }
}
