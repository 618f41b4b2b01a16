import Foundation
import Simulation

/// Saves the trace of a test's run for `distlab render` when `DISTLAB_TRACE` names a file.
///
/// Meant for replays: `DISTLAB_SEED=7 DISTLAB_TRACE=/tmp/seed7.jsonl swift test --filter …` writes
/// the run of seed 7 to that file. When a test runs several seeds, each goes to its own file, with
/// `-seed<N>` before the extension. Without the variable nothing is recorded, and runs stay fast.
///
/// Inside a test with `.points` or `.seeds`, the log is saved when each seed's run ends, so a
/// cluster helper only has to create it:
///
/// ```swift
/// let sim = try Simulator<MyNode>(nodes: [1, 2, 3], seed: Seeds.current, trace: TraceRecording.log()) { … }
/// ```
///
/// Elsewhere, save it yourself with `defer { TraceRecording.save(trace) }`.
public enum TraceRecording {
  /// The environment variable naming the file.
  public static let variable = "DISTLAB_TRACE"

  /// The logs made during the current seed's run of a graded or randomized test (the last one is saved).
  final class Pending: @unchecked Sendable {
    var log: TraceLog?
  }

  @TaskLocal static var pending: Pending?

  /// A log for the simulator when a trace was asked for; nil otherwise. Within a graded or
  /// randomized test, the last log made during a seed's run is saved when that run ends.
  public static func log(environment: [String: String] = ProcessInfo.processInfo.environment) -> TraceLog? {
    guard environment[variable] != nil else { return nil }
    let log = TraceLog()
    pending?.log = log
    return log
  }

  /// Writes `log` where `DISTLAB_TRACE` asks, and says where on standard output; does nothing for nil.
  public static func save(_ log: TraceLog?, environment: [String: String] = ProcessInfo.processInfo.environment) {
    guard let log, let requested = environment[variable] else { return }
    let path = self.path(for: requested, seed: Seeds.running, isReplay: environment[Seeds.replayVariable] != nil)
    do {
      try Data(log.jsonLines.utf8).write(to: URL(fileURLWithPath: path))
      print("trace written to \(path) (\(log.events.count) events); draw it with: swift run distlab render \(path) --kind messages -o trace.svg")
    } catch {
      print("could not write the trace to \(path): \(error.localizedDescription)")
    }
  }

  /// The file for one run: `requested` itself for a replay or a test without seeds, else with `-seed<N>` added.
  static func path(for requested: String, seed: UInt64?, isReplay: Bool) -> String {
    guard let seed, !isReplay else { return requested }
    let url = URL(fileURLWithPath: requested)
    let stem = url.deletingPathExtension().lastPathComponent
    let name = url.pathExtension.isEmpty ? "\(stem)-seed\(seed)" : "\(stem)-seed\(seed).\(url.pathExtension)"
    return url.deletingLastPathComponent().appendingPathComponent(name).path
  }
}
