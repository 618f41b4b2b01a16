import ArgumentParser
import Checker
import Diagrams
import Foundation
import Simulation
import SimulationExamples

/// `distlab simulate`: runs a worked example on the simulator and writes its trace and history.
struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Run an example protocol on the deterministic simulator; write its trace and history.",
    discussion: """
      The same seed always gives the same trace and history, byte for byte.
      Faults use the text form: "at 150ms partition n1|n2,n3; at 500ms heal; at 700ms crash n2;
      at 900ms restart n2; at 1s block n1->n2; at 1s isolate n4; at 2s clock n3 50ms 0.001".
      """
  )

  @Argument(help: "The example to run (see --list).")
  var example: String?

  @Option(help: "The seed that fixes every random choice.")
  var seed: UInt64 = 1

  @Option(help: "Directory for trace.jsonl and history.jsonl (created if missing).")
  var out: String?

  @Option(help: "Longest virtual time to run, e.g. 5s or 250ms (default: the example's own).")
  var duration: String?

  @Option(help: "Fault schedule replacing the example's default (\"\" for none).")
  var faults: String?

  @Option(help: "Probability of losing each message, 0...1 (default: the example's own).")
  var drop: Double?

  @Option(help: "Number of workload clients (examples with a workload).")
  var clients: Int?

  @Option(help: "Operations per client (examples with a workload).")
  var operations: Int?

  @Flag(help: "With --out: also draw the message flow as messages.svg, around the first fault.")
  var diagram = false

  @Option(help: "With --diagram: how many trace events the picture shows.")
  var window = 160

  @Flag(help: "List the examples and exit.")
  var list = false

  /// The worked examples, then the labs' scenarios.
  static let examples = ExampleCatalog.all + FailureDetectionScenarios.all + ConsensusScenarios.all

  mutating func run() throws {
    if list || example == nil {
      print("Examples (distlab simulate <example> --seed N --out DIR):")
      for example in Self.examples {
        print("  \(example.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(example.summary)")
        if !example.defaultSchedule.isEmpty { print("               faults: \(example.defaultSchedule)") }
      }
      if example == nil && !list { throw ValidationError("Name an example to run.") }
      return
    }
    guard let chosen = Self.examples.first(where: { $0.name == example! }) else {
      let known = Self.examples.map(\.name).joined(separator: ", ")
      throw CommandError("unknown example '\(example!)'. Known examples: \(known).")
    }
    var options = ExampleOptions(seed: seed)
    if let duration {
      guard let parsed = Duration(parsing: duration), parsed > .zero else {
        throw ValidationError("--duration '\(duration)' is not a positive time (use e.g. 5s or 250ms).")
      }
      options.duration = parsed
    }
    if let faults {
      do {
        options.schedule = try FaultSchedule.parse(faults)
      } catch {
        throw CommandError("--faults: \(error)")
      }
    }
    options.dropProbability = drop
    options.clients = clients
    options.operationsPerClient = operations

    var traceWriter: JSONLinesTraceWriter?
    var directory: URL?
    if let out {
      let url = URL(fileURLWithPath: out, isDirectory: true)
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      traceWriter = try JSONLinesTraceWriter(path: url.appendingPathComponent("trace.jsonl").path)
      directory = url
    }
    options.trace = traceWriter

    let result: ExampleRun
    do {
      result = try chosen.run(options)
    } catch let error as SimulationConfigurationError {
      throw CommandError("bad configuration: \(error)")
    }
    try traceWriter?.finish()

    print("\(chosen.name) · seed \(seed) · \(result.cluster)")
    for line in result.story { print("story: \(line)") }
    print("run: \(result.summary)")
    let s = result.statistics
    print(
      "messages: \(s.sent) sent, \(s.delivered) delivered, \(s.dropped) dropped "
        + "(loss \(s.droppedByLoss), partition \(s.droppedByPartition), down \(s.droppedAtDownNode)), "
        + "\(s.duplicated) duplicated; \(s.timersFired) timers; \(s.crashes) crashes, \(s.restarts) restarts")
    if let history = result.history {
      let count = { (type: Simulation.HistoryEvent.EventType) in history.count(of: type) }
      var line = "history: \(count(.invoke)) operations (\(count(.ok)) ok, \(count(.fail)) fail, "
        + "\(count(.info)) info, \(count(.invoke) - count(.ok) - count(.fail) - count(.info)) pending)"
      if let directory {
        try Data(history.jsonLines.utf8).write(to: directory.appendingPathComponent("history.jsonl"))
        line += " → \(out!)/history.jsonl"
      }
      print(line)
    }
    if let traceWriter, let out {
      print("trace: \(traceWriter.bytesWritten) bytes → \(out)/trace.jsonl")
      if diagram { try drawMessages(in: out) }
    }
    for issue in result.issues { print("issue: \(issue)") }
    var replay = "distlab simulate \(chosen.name) --seed \(seed)"
    if let faults { replay += " --faults '\(faults)'" }
    if let drop { replay += " --drop \(drop)" }
    if let duration { replay += " --duration \(duration)" }
    if diagram { replay += " --diagram --window \(window)" }
    if let clients { replay += " --clients \(clients)" }
    if let operations { replay += " --operations \(operations)" }
    print("replay: \(replay)\(out.map { " --out \($0)" } ?? "")")
  }

  /// Draws `messages.svg` from the run's trace, starting a little before the first crash,
  /// partition or suspicion, so the picture shows the fault and what the nodes made of it.
  private func drawMessages(in directory: String) throws {
    let path = (directory as NSString).appendingPathComponent("trace.jsonl")
    let trace = try MessageTrace.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    let firstFault = trace.events.firstIndex {
      ["crash", "partition"].contains($0.kind) || ($0.kind == "log" && ($0.detail ?? "").hasPrefix("suspect"))
    }
    let start = max(0, (firstFault ?? 0) - window / 4)
    let svg = try MessageDiagram(trace: trace, maxEvents: window, start: start).render(.svg)
    let picture = (directory as NSString).appendingPathComponent("messages.svg")
    try Data(svg).write(to: URL(fileURLWithPath: picture))
    print("diagram: events \(start)–\(min(trace.events.count, start + window) - 1) → \(picture)")
  }
}
