import Checker
import Diagrams
import Foundation
import Simulation
import SimulationExamples
import Testing

enum Files {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// A repository file's text, read under its relative name so that pictures carry the same title.
  static func text(_ relative: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
  }

  static func history(_ relative: String) throws -> Checker.History {
    try HistoryReader.parse(try text(relative), file: relative)
  }
}

@Suite("Graphviz rendering")
struct GraphvizTests {
  @Test("DOT renders to SVG, PNG and PDF in memory")
  func formats() throws {
    let dot = "digraph g { a -> b }"
    let svg = String(decoding: try Graphviz.render(dot, format: .svg), as: UTF8.self)
    #expect(svg.contains("<svg") && svg.contains(">a</text>"))
    #expect(try Graphviz.render(dot, format: .png).starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(try Graphviz.render(dot, format: .pdf).starts(with: Array("%PDF".utf8)))
  }

  @Test("Text that is not DOT is a typed error, and rendering goes on working afterwards")
  func syntaxError() throws {
    #expect {
      try Graphviz.render("digraph { a -> ", format: .svg)
    } throws: { error in
      guard case .dotSyntax(let message) = error as? DiagramError else { return false }
      return message.contains("syntax error")
    }
    #expect(try Graphviz.render("graph { x -- y }", format: .svg).count > 100)
  }

  @Test("Pinned coordinates stay where they were put (engine nop2)")
  func pinned() throws {
    let svg = String(decoding: try Graphviz.render(#"digraph { a [pos="100,100!"]; b [pos="300,100!"]; a -> b }"#, format: .svg, engine: .nop2), as: UTF8.self)
    #expect(svg.contains("<title>a</title>") && svg.contains("<title>b</title>"))
  }
}

@Suite("Diagrams of histories, traces and causality")
struct DiagramTests {
  func historyDiagram(_ relative: String, model: String) throws -> HistoryDiagram {
    let history = try Files.history(relative)
    return HistoryDiagram(history: history, result: try ModelCatalog.checkLinearizability(history, model: model))
  }

  @Test("DOT is deterministic and matches the golden files in Traces/diagrams")
  func golden() throws {
    let history = try historyDiagram("Traces/histories/register-stale-read.jsonl", model: "register")
    #expect(history.dot == (try historyDiagram("Traces/histories/register-stale-read.jsonl", model: "register")).dot)
    #expect(history.dot == (try Files.text("Traces/diagrams/register-stale-read.history.dot")))

    let trace = try MessageTrace.parse(try Files.text("Traces/demo/trace.jsonl"), file: "Traces/demo/trace.jsonl")
    #expect(MessageDiagram(trace: trace, maxEvents: 80).dot == (try Files.text("Traces/diagrams/demo.messages.dot")))

    let causal = try Files.history("Traces/histories/register-new-then-old.jsonl")
    let diagram = CausalityDiagram(history: causal, result: CausalConsistencyChecker().check(causal))
    #expect(diagram.dot == (try Files.text("Traces/diagrams/register-new-then-old.causality.dot")),
      "regenerate with distlab render … --format dot -o Traces/diagrams/… if the change is intended")
  }

  @Test("Every history in the corpus draws, and every picture lays out through libgvc", arguments: Corpus.entries)
  func corpusDraws(entry: Corpus.Entry) throws {
    let diagram = try historyDiagram("Traces/histories/\(entry.file)", model: entry.model)
    try Graphviz.validate(diagram.dot, engine: HistoryDiagram.engine)
    let history = try Files.history("Traces/histories/\(entry.file)")
    let causality = CausalityDiagram(history: history, result: CausalConsistencyChecker().check(history))
    try Graphviz.validate(causality.dot, engine: CausalityDiagram.engine)
  }

  @Test("The SVG of a stale read has its lanes, labels, and the unplaceable read in red")
  func staleReadSVG() throws {
    let svg = String(decoding: try historyDiagram("Traces/histories/register-stale-read.jsonl", model: "register").render(.svg), as: UTF8.self)
    for lane in ["process 0", "process 1", "process 2"] { #expect(svg.contains(lane)) }
    #expect(svg.contains("write 1") && svg.contains("read") && svg.contains("NOT linearizable"))
    #expect(svg.contains("cannot be placed") && svg.contains("fill=\"#ffd6d6\"") && svg.contains("stroke=\"red\""))
  }

  @Test("A message trace draws its lanes, messages, drops and crashes")
  func messages() throws {
    let log = TraceLog()
    var options = ExampleOptions(seed: 1)
    options.trace = log
    _ = try ExampleCatalog.register.run(options)
    let trace = try MessageTrace.parse(log.jsonLines, file: "register")
    let start = trace.events.firstIndex { $0.kind == "crash" }! - 40
    let svg = String(decoding: try MessageDiagram(trace: trace, maxEvents: 120, start: start).render(.svg), as: UTF8.self)
    for node in ["n1", "n2", "n3", "n4"] { #expect(svg.contains(">\(node)</text>")) }
    #expect(svg.contains(">crash</text>") && svg.contains("✗") && svg.contains("queryReply"))
    #expect(svg.contains("not drawn"), "a windowed picture says what it left out")
  }

  @Test("Crashes and partitions from the run's trace are marked under the history's lanes")
  func faultsOnHistory() throws {
    let trace = try MessageTrace.parse(try Files.text("Traces/demo/trace.jsonl"), file: "trace")
    let spans = HistoryDiagram.FaultSpan.spans(in: trace)
    #expect(spans.map(\.label) == ["partition", "n2 down", "partition"])
    #expect(spans.allSatisfy { $0.end != nil && $0.end! > $0.start })
    let history = try Files.history("Traces/demo/history.jsonl")
    let diagram = HistoryDiagram(history: history, result: try ModelCatalog.checkLinearizability(history, model: "register"), faults: spans)
    let svg = String(decoding: try diagram.render(.svg), as: UTF8.self)
    #expect(svg.contains("n2 down") && svg.contains("partition") && svg.contains("linearizable"))
  }

  @Test("Malformed traces and histories are typed errors before anything is drawn")
  func malformedInput() {
    #expect(throws: HistoryParseError.self) { try MessageTrace.parse(#"{"kind":"send"}"#) }
    #expect(throws: HistoryParseError.self) { try HistoryReader.parse(#"{"type":"ok","process":1,"f":"read"}"#) }
  }

  @Test("Long inputs are windowed, not refused, and the picture says so")
  func windowing() throws {
    var lines: [String] = []
    for i in 0..<500 {
      lines.append(#"{"type":"invoke","process":\#(i % 5),"f":"write","value":\#(i)}"#)
      lines.append(#"{"type":"ok","process":\#(i % 5),"f":"write","value":\#(i)}"#)
    }
    let history = try HistoryReader.parse(lines.joined(separator: "\n"))
    let dot = HistoryDiagram(history: history, maxOperations: 50).dot
    #expect(dot.contains("showing operations 0–49 of 500"))
    #expect(dot.components(separatedBy: "\"op").count - 1 <= 50 + 50)
    try Graphviz.validate(dot, engine: HistoryDiagram.engine)
  }

  @Test("A causal violation is drawn with its pattern and operations in red")
  func causalViolation() throws {
    let history = try HistoryReader.parse(
      """
      {"type":"invoke","process":0,"f":"write","key":"x","value":1}
      {"type":"ok","process":0,"f":"write","key":"x","value":1}
      {"type":"invoke","process":0,"f":"read","key":"x","value":null}
      {"type":"ok","process":0,"f":"read","key":"x","value":null}
      """)
    let dot = CausalityDiagram(history: history, result: CausalConsistencyChecker().check(history)).dot
    #expect(dot.contains("WriteCOInitRead") && dot.contains("\"red\""))
    try Graphviz.validate(dot, engine: CausalityDiagram.engine)
  }
}

/// The checker's example corpus, as in the checker's tests.
enum Corpus {
  struct Entry: Decodable, Sendable, CustomTestStringConvertible {
    var file: String
    var model: String
    var verdict: String
    var testDescription: String { file }
  }

  static let entries: [Entry] = {
    guard let data = try? Data(contentsOf: Files.root.appendingPathComponent("Traces/histories/manifest.json")) else { return [] }
    return (try? JSONDecoder().decode([Entry].self, from: data)) ?? []
  }()
}
