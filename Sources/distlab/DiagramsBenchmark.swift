import Checker
import Diagrams
import Foundation
import Simulation
import SimulationExamples

/// Measures drawing a message trace: DOT generation plus in-process layout and SVG rendering, as the
/// trace grows (the largest windowed).
struct DiagramsBenchmark {
  let seed: UInt64

  func run() throws {
    emit("Diagrams benchmark: space-time diagram of a register run, DOT → SVG in-process (nop2 layout), seed \(seed)")
    emit(pad(["trace events", "drawn", "DOT bytes", "DOT s", "SVG s", "SVG bytes"]))
    for (events, window) in [(1_000, 1_000), (5_000, 5_000), (20_000, 5_000)] {
      let trace = try makeTrace(events: events)
      let clock = ContinuousClock()
      let start = clock.now
      let diagram = MessageDiagram(trace: trace, maxEvents: window)
      let dot = diagram.dot
      let dotTime = clock.now - start
      let svg = try Graphviz.render(dot, format: .svg, engine: MessageDiagram.engine)
      let total = clock.now - start
      emit(pad([
        "\(trace.events.count)", "\(min(window, trace.events.count))", "\(dot.utf8.count)",
        String(format: "%.3f", seconds(dotTime)), String(format: "%.3f", seconds(total)), "\(svg.count)",
      ]))
    }
  }

  /// A register run with enough operations for at least `events` trace events, cut to exactly that many.
  private func makeTrace(events: Int) throws -> MessageTrace {
    let log = TraceLog()
    var options = ExampleOptions(seed: seed)
    options.operationsPerClient = max(10, events / 40)
    options.trace = log
    _ = try ExampleCatalog.register.run(options)
    let lines = log.jsonLines.split(separator: "\n").prefix(events + 1)
    return try MessageTrace.parse(lines.joined(separator: "\n"), file: "register-\(events)")
  }

  private func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
  private func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
  private func pad(_ columns: [String]) -> String {
    columns.map { $0.padding(toLength: max(14, $0.count + 1), withPad: " ", startingAt: 0) }.joined()
  }
}
