import ArgumentParser
import Checker
import Diagrams
import Foundation
import Simulation

/// `distlab render`: draws a history, a message trace or a causality graph with Graphviz.
struct RenderCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Draw a history (with its verdict), a message trace, or a causality graph.",
    discussion: """
      history: lanes per process, operations as intervals, the linearization or the failing part in red.
      messages: a space-time diagram of a simulator trace (distlab-trace/1).
      causality: session order and reads-from of a read/write history, the bad pattern in red.
      Exit status: 0 written, 3 bad input.
      """
  )

  enum Kind: String, ExpressibleByArgument, CaseIterable { case history, messages, causality }
  enum Format: String, ExpressibleByArgument, CaseIterable { case svg, png, pdf, dot }

  @Argument(help: "The history or trace file.")
  var file: String

  @Option(help: "What to draw: history, messages or causality.")
  var kind: Kind = .history

  @Option(help: "Output format: svg, png, pdf or dot.")
  var format: Format = .svg

  @Option(name: .shortAndLong, help: "Output file (default: the input's name with the format's extension).")
  var output: String?

  @Option(help: "The model for a history (default: guessed).")
  var model: String?

  @Option(help: "Most operations or events drawn; larger inputs are windowed around what matters.")
  var window: Int?

  @Option(help: "For messages: only these nodes, comma-separated (e.g. n1,n2).")
  var nodes: String?

  @Option(help: "For messages: start the window at this virtual time, e.g. 500ms.")
  var from: String?

  @Option(help: ArgumentHelp("For a history: the run's trace, to mark crashes and partitions under the lanes.", valueName: "file"))
  var trace: String?

  func run() throws {
    do {
      let dot: String
      let engine: Graphviz.Engine
      switch kind {
      case .history, .causality:
        let history = try HistoryReader.read(contentsOf: file)
        guard let modelName = model ?? ModelCatalog.guessModel(for: history) else {
          throw DiagramError.input("\(file): cannot guess a model; use --model")
        }
        if kind == .history {
          let result = try ModelCatalog.checkLinearizability(history, model: modelName, timeLimit: .seconds(60))
          var diagram = HistoryDiagram(history: history, result: result)
          if let window { diagram.maxOperations = window }
          if let trace {
            guard let data = FileManager.default.contents(atPath: trace) else {
              throw HistoryParseError.unreadable(file: trace, reason: "no such file")
            }
            diagram.faults = HistoryDiagram.FaultSpan.spans(in: try MessageTrace.parse(String(decoding: data, as: UTF8.self), file: trace))
          }
          (dot, engine) = (diagram.dot, HistoryDiagram.engine)
        } else {
          let initial: Checker.Value = modelName == "kv" ? .string("") : .null
          var diagram = CausalityDiagram(history: history, result: CausalConsistencyChecker().check(history, initial: initial))
          if let window { diagram.maxOperations = window }
          (dot, engine) = (diagram.dot, CausalityDiagram.engine)
        }
      case .messages:
        guard let data = FileManager.default.contents(atPath: file) else {
          throw HistoryParseError.unreadable(file: file, reason: "no such file")
        }
        let trace = try MessageTrace.parse(String(decoding: data, as: UTF8.self), file: file)
        var diagram = MessageDiagram(trace: trace)
        if let window { diagram.maxEvents = window }
        if let nodes { diagram.nodes = Set(nodes.split(separator: ",").map(String.init)) }
        if let from {
          guard let time = Duration(parsing: from) else { throw DiagramError.input("--from '\(from)' is not a time (e.g. 500ms)") }
          diagram.start = trace.events.firstIndex { $0.time >= time.nanosecondCount } ?? trace.events.count
        }
        (dot, engine) = (diagram.dot, MessageDiagram.engine)
      }
      let bytes: [UInt8] =
        switch format {
        case .dot: Array(dot.utf8)
        case .svg: try Graphviz.render(dot, format: .svg, engine: engine)
        case .png: try Graphviz.render(dot, format: .png, engine: engine)
        case .pdf: try Graphviz.render(dot, format: .pdf, engine: engine)
        }
      let destination = output ?? (URL(fileURLWithPath: file).deletingPathExtension().path + ".\(kind.rawValue).\(format.rawValue)")
      try Data(bytes).write(to: URL(fileURLWithPath: destination))
      print("\(kind.rawValue) diagram of \(file) → \(destination) (\(bytes.count) bytes)")
    } catch let error as HistoryParseError {
      printError("error: \(error)")
      throw ExitCode(3)
    } catch let error as DiagramError {
      printError("error: \(error)")
      throw ExitCode(3)
    }
  }
}
