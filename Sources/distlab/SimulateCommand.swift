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

  @Option(help: ArgumentHelp("Number of nodes, for scenarios that take it (shorthand for --set nodes=N).", valueName: "n"))
  var nodes: Int?

  @Option(help: ArgumentHelp("The key or name to look up, for scenarios that take it (--set key=K).", valueName: "k"))
  var key: String?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp("A scenario's own setting, name=value; repeatable (--list shows each scenario's).", valueName: "name=value"))
  var settings: [String] = []

  @Flag(help: "Run the scenario's measurement sweep and print its table (scenarios marked [table] in --list).")
  var table = false

  @Flag(help: "With --out: also draw the message flow as messages.svg, around the first fault.")
  var diagram = false

  @Option(help: "With --diagram: how many trace events the picture shows.")
  var window = 160

  @Flag(help: "List the examples and exit.")
  var list = false

  /// The worked examples, then the labs' scenarios.
  static let examples = ExampleCatalog.all + FailureDetectionScenarios.all + NamingScenarios.all + ConsensusScenarios.all

  mutating func run() throws {
    if list || example == nil {
      print("Examples (distlab simulate <example> --seed N --out DIR):")
      let width = Self.examples.map(\.name.count).max() ?? 12
      let indent = String(repeating: " ", count: width + 3)
      for example in Self.examples {
        print("  \(example.name.padding(toLength: width, withPad: " ", startingAt: 0)) \(example.summary)")
        if !example.defaultSchedule.isEmpty { print("\(indent)faults: \(example.defaultSchedule)") }
        for parameter in example.parameters { print("\(indent)--set \(parameter.name)=…  \(parameter.help)") }
        if example.hasTable { print("\(indent)[table] --table prints its measured table") }
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
    options.parameters = try parsedSettings()
    do {
      try chosen.validate(parameters: options.parameters)
    } catch {
      throw CommandError(error.description)
    }
    if table && !chosen.hasTable { throw CommandError("--table: scenario '\(chosen.name)' has no measurement table") }
    options.table = table
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
    } catch let error as ExampleParameterError {
      throw CommandError(error.description)
    }
    try traceWriter?.finish()

    print("\(chosen.name) · seed \(seed) · \(result.cluster)")
    for line in result.story { print("story: \(line)") }
    for line in result.table { print(line) }
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
      if diagram { try drawMessages(in: out, focus: result.diagramFocus, nodes: result.diagramNodes) }
    }
    for issue in result.issues { print("issue: \(issue)") }
    var replay = "distlab simulate \(chosen.name) --seed \(seed)"
    if let faults { replay += " --faults '\(faults)'" }
    if let drop { replay += " --drop \(drop)" }
    if let duration { replay += " --duration \(duration)" }
    if diagram { replay += " --diagram --window \(window)" }
    if let clients { replay += " --clients \(clients)" }
    if let operations { replay += " --operations \(operations)" }
    if let nodes { replay += " --nodes \(nodes)" }
    if let key { replay += " --key '\(key)'" }
    for setting in settings { replay += " --set \(setting)" }
    if table { replay += " --table" }
    print("replay: \(replay)\(out.map { " --out \($0)" } ?? "")")
  }

  /// `--set` values, with `--nodes` and `--key` folded in; a setting without `=` or given twice is refused.
  private func parsedSettings() throws -> [String: String] {
    var result: [String: String] = [:]
    for setting in settings {
      guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
        throw CommandError("--set '\(setting)': expected name=value")
      }
      let name = String(setting[..<equals])
      guard result.updateValue(String(setting[setting.index(after: equals)...]), forKey: name) == nil else {
        throw CommandError("--set: setting '\(name)' is given twice")
      }
    }
    for (name, value) in [("nodes", nodes.map(String.init)), ("key", key)] {
      guard let value else { continue }
      guard result.updateValue(value, forKey: name) == nil else {
        throw CommandError("--\(name) and --set \(name)=… both give '\(name)'")
      }
    }
    return result
  }

  /// Draws `messages.svg` from the run's trace, starting a little before the first crash,
  /// partition or suspicion (or the log line the scenario names as its focus), so the picture
  /// shows the fault and what the nodes made of it.
  private func drawMessages(in directory: String, focus: String?, nodes: Set<String>?) throws {
    let path = (directory as NSString).appendingPathComponent("trace.jsonl")
    let trace = try MessageTrace.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    let focused = focus.flatMap { prefix in
      trace.events.firstIndex { $0.kind == "log" && ($0.detail ?? "").hasPrefix(prefix) }
    }
    let firstFault = focused ?? trace.events.firstIndex {
      ["crash", "partition"].contains($0.kind) || ($0.kind == "log" && ($0.detail ?? "").hasPrefix("suspect"))
    }
    let start = max(0, (firstFault ?? 0) - window / 4)
    let svg = try MessageDiagram(trace: trace, maxEvents: window, start: start, nodes: nodes).render(.svg)
    let picture = (directory as NSString).appendingPathComponent("messages.svg")
    try Data(svg).write(to: URL(fileURLWithPath: picture))
    print("diagram: events \(start)–\(min(trace.events.count, start + window) - 1) → \(picture)")
  }
}
