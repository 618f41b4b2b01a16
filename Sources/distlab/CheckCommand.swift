import ArgumentParser
import Checker
import Diagrams
import Foundation
import Simulation

/// `distlab check`: is this recorded history linearizable? Exit 0 yes, 1 no, 2 unknown, 3 bad input.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check recorded histories for linearizability and explain violations.",
    discussion: """
      Formats (detected, or --format): JSON Lines / JSON of Jepsen ops \
      ({"type":"invoke","process":3,"f":"write","value":4}), Jepsen EDN maps, Jepsen's text log \
      lines, and paired operations ({"client":0,"call":10,"return":20,"input":{"f":"write","value":1}}).
      Models: \(ModelCatalog.names.joined(separator: ", ")). Without --model one is guessed from the operations.
      Exit status: 0 linearizable, 1 not linearizable, 2 unknown (budget spent), 3 bad input
      (a history that cannot be read, or a bad --model, --format or --timeout value).
      Use - to read standard input.
      """
  )

  @Argument(help: "History files (- for standard input).")
  var files: [String] = []

  @Option(help: ArgumentHelp("A simulator message trace (distlab-trace/1) to check with --delivery; repeatable.", valueName: "file"))
  var trace: [String] = []

  @Option(help: "With --trace: the delivery order to check: fifo, causal or total.")
  var delivery: DeliveryOrder?

  @Option(help: "The sequential model: \(ModelCatalog.names.joined(separator: ", ")).")
  var model: String?

  @Option(help: "The history format: \(HistoryFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: detect).")
  var format: String?

  enum Consistency: String, ExpressibleByArgument, CaseIterable {
    case linearizable, sequential, causal
  }

  @Option(help: "The consistency model: linearizable (real-time order counts), sequential (only each process's order), or causal (CC, CCv and CM on key-value histories with distinct written values).")
  var consistency: Consistency = .linearizable

  @Flag(help: "Report every consistency model at once: linearizable, sequential, CCv, CM, CC and the four session guarantees (exit status follows linearizability).")
  var ladder = false

  @Flag(help: "Print one JSON object per file instead of text.")
  var json = false

  @Option(help: ArgumentHelp("Write each history's picture (its linearization, or the counterexample in red) as SVG into this directory.", valueName: "dir"))
  var render: String?

  @Option(help: "Give up with 'unknown' after this long per file, e.g. 30s.")
  var timeout: String = "60s"

  @Option(help: "Give up with 'unknown' after a part's search remembers this many states (bounds memory).")
  var maxStates = 20_000_000

  @Flag(help: "Report a violation without narrowing it to the shortest failing prefix (faster on big histories).")
  var wholeCounterexample = false

  /// Checks the options; a bad value is bad input (exit 3), like a bad file.
  func validatedLimit() throws -> Duration {
    func fail(_ message: String) -> Error {
      printError("Error: \(message)")
      return ExitCode(3)
    }
    if let model, !ModelCatalog.names.contains(model) {
      throw fail("unknown model '\(model)'; choose one of \(ModelCatalog.names.joined(separator: ", "))")
    }
    if let format, HistoryFormat(rawValue: format) == nil {
      throw fail("unknown format '\(format)'; choose one of \(HistoryFormat.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard let limit = Duration(parsing: timeout), limit > .zero else {
      throw fail("--timeout '\(timeout)' is not a positive time (e.g. 30s, 500ms)")
    }
    if maxStates < 1 { throw fail("--max-states must be positive") }
    return limit
  }

  mutating func run() throws {
    if !trace.isEmpty || delivery != nil { return try checkTraces() }
    guard !files.isEmpty else {
      printError("Error: name at least one history file (or - for standard input), or --trace FILE --delivery ORDER")
      throw ExitCode(3)
    }
    let limit = try validatedLimit()
    var worst: Int32 = 0
    func record(_ code: Int32) {
      // Bad input outranks a violation, which outranks unknown.
      let rank: [Int32: Int] = [0: 0, 2: 1, 1: 2, 3: 3]
      if rank[code, default: 0] > rank[worst, default: 0] { worst = code }
    }
    for file in files {
      do {
        let history = try HistoryReader.read(contentsOf: file, format: format.flatMap(HistoryFormat.init(rawValue:)))
        var modelName = model
        if modelName == nil {
          guard let guess = ModelCatalog.guessModel(for: history) else {
            throw HistoryParseError.unknownFormat(
              file: history.source,
              reason: "cannot guess a model from the operations \(Set(history.operations.map(\.function)).sorted()); use --model")
          }
          modelName = guess
          if !json { printError("\(history.source): using the \(guess) model (guessed from the operations; set --model to choose)") }
        }
        if ladder {
          let report = try ConsistencyLadder.evaluate(history, model: modelName!, timeLimit: limit, maxStates: maxStates)
          if json {
            print(JSONWriter.text(Checker.Value.object(["file": .string(history.source), "model": .string(modelName!), "ladder": report.json])))
          } else {
            print("\(history.source): \(report.summary)")
          }
          switch report.rungs.first?.satisfied {
          case true?: record(0)
          case false?: record(1)
          case nil: record(2)
          }
          continue
        }
        if consistency == .causal {
          record(reportCausal(history))
          continue
        }
        if consistency == .sequential {
          let result = try ModelCatalog.checkSequentialConsistency(
            history, model: modelName!, timeLimit: limit, maxStates: maxStates)
          if json {
            var object = result.json
            if case .map(var entries) = object {
              entries.insert(.init(.string("file"), .string(history.source)), at: 0)
              object = .map(entries)
            }
            print(JSONWriter.text(object))
          } else {
            print(result.text(for: history))
          }
          switch result.verdict {
          case .satisfied: record(0)
          case .violated: record(1)
          case .unknown: record(2)
          }
          continue
        }
        let progress: @Sendable (String) -> Void = { line in printError("\(history.source): \(line)") }
        let result = try ModelCatalog.checkLinearizability(
          history, model: modelName!, timeLimit: limit, maxStates: maxStates,
          findsShortestPrefix: !wholeCounterexample, onProgress: progress)
        let report = LinearizabilityReport(result: result, history: history)
        print(json ? JSONWriter.text(report.json) : report.text)
        if let render { try writePicture(history: history, result: result, into: render) }
        switch result.verdict {
        case .linearizable: record(0)
        case .notLinearizable: record(1)
        case .unknown: record(2)
        }
      } catch let error as HistoryParseError {
        if json {
          print(JSONWriter.text(.map([.init("file", .string(file)), .init("error", .string(error.description))])))
        } else {
          printError("error: \(error)")
        }
        record(3)
      }
    }
    if worst != 0 { throw ExitCode(worst) }
  }
}

func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}

extension DeliveryOrder: ExpressibleByArgument {}

extension CheckCommand {
  /// `--trace --delivery ORDER`: checks the delivery order of message traces.
  func checkTraces() throws {
    guard !trace.isEmpty, let delivery else {
      printError("Error: --trace and --delivery go together (e.g. --trace trace.jsonl --delivery causal)")
      throw ExitCode(3)
    }
    var worst: Int32 = 0
    for file in trace {
      do {
        let text: String
        if file == "-" {
          text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
          guard let data = FileManager.default.contents(atPath: file) else {
            throw HistoryParseError.unreadable(file: file, reason: "no such file")
          }
          text = String(decoding: data, as: UTF8.self)
        }
        let relation = try HappensBefore(MessageTrace.parse(text, file: file == "-" ? "<stdin>" : file))
        let result = relation.check(delivery)
        if json {
          print(JSONWriter.text(.object([
            "file": .string(file), "delivery": .string(delivery.rawValue), "satisfied": .bool(result.isSatisfied),
            "deliveries": .int(result.deliveries),
            "violations": .array(result.violations.map { .object(["earlier": .int($0.earlier), "later": .int($0.later), "explanation": .string($0.explanation)]) }),
          ])))
        } else if result.isSatisfied {
          print("\(file): \(delivery.rawValue) delivery holds (\(result.deliveries) deliveries)")
        } else {
          print("\(file): \(delivery.rawValue) delivery VIOLATED (\(result.deliveries) deliveries); first violations:")
          for violation in result.violations { print("  \(violation)") }
        }
        if !result.isSatisfied { worst = max(worst, 1) }
      } catch let error as HistoryParseError {
        printError("error: \(error)")
        worst = 3
      }
    }
    if worst != 0 { throw ExitCode(worst) }
  }
}

extension CheckCommand {
  /// `--consistency causal`: CC and CCv with their bad patterns. Returns the exit status for the file.
  func reportCausal(_ history: Checker.History) -> Int32 {
    let initial: Checker.Value = model == "kv" ? .string("") : .null
    let result = CausalConsistencyChecker().check(history, initial: initial)
    if json {
      let violations: [Checker.Value] = result.violations.map {
        .object(["pattern": .string($0.pattern.rawValue), "operations": .array($0.operations.map(Checker.Value.int)), "explanation": .string($0.explanation)])
      }
      print(JSONWriter.text(Checker.Value.object([
        "file": .string(history.source), "cc": result.cc.map(Checker.Value.bool) ?? .null,
        "ccv": result.ccv.map(Checker.Value.bool) ?? .null, "cm": result.cm.map(Checker.Value.bool) ?? .null,
        "reason": result.notApplicable.map(Checker.Value.string) ?? .null, "violations": .array(violations),
      ])))
    } else if let reason = result.notApplicable {
      printError("error: \(history.source): causal checks do not apply: \(reason)")
    } else {
      func word(_ value: Bool?) -> String { value == true ? "holds" : "VIOLATED" }
      let cm = result.cm == nil ? "not checked (\(result.cmSkipped ?? "too long"))" : word(result.cm)
      print("\(history.source): causal consistency CC \(word(result.cc)), CCv \(word(result.ccv)), CM \(cm) — \(history.operations.count) operations")
      for violation in result.violations { print("  \(violation)") }
    }
    if result.notApplicable != nil { return 3 }
    return result.cc == true && result.ccv == true && result.cm != false ? 0 : 1
  }
}

extension CheckCommand {
  /// `--render DIR`: the history diagram next to the verdict.
  func writePicture(history: Checker.History, result: LinearizabilityResult, into directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let name = URL(fileURLWithPath: history.source).deletingPathExtension().lastPathComponent
    let path = URL(fileURLWithPath: directory).appendingPathComponent("\(name == "<stdin>" ? "stdin" : name).history.svg").path
    do {
      let svg = try HistoryDiagram(history: history, result: result).render(.svg)
      try Data(svg).write(to: URL(fileURLWithPath: path))
      if !json { print("  picture: \(path)") }
    } catch let error as DiagramError {
      printError("\(history.source): no picture: \(error)")
    }
  }
}
