import Checker
import Simulation
import SimulationExamples
import Testing

/// The simulator and the checker together: what one records, the other reads.
@Suite("Simulator and checker together")
struct SimulatorIntegrationTests {
  @Test("The ABD register's histories are linearizable under loss, isolation and crash-restart", arguments: 1...30)
  func abdIsLinearizable(seed: Int) throws {
    var options = ExampleOptions(seed: UInt64(seed))
    options.operationsPerClient = 15
    let run = try ExampleCatalog.register.run(options)
    let history = try HistoryReader.parse(run.history!.jsonLines, file: "register seed \(seed)")
    let result = try ModelCatalog.checkLinearizability(history, model: "register")
    #expect(result.verdict == .linearizable,
      "seed \(seed) — replay: distlab simulate register --seed \(seed) --operations 15 --out /tmp/r && distlab check /tmp/r/history.jsonl")
    #expect(history.operations.count == 45)
  }

  @Test("The checker's vector clocks equal the ones the simulator wrote into its trace", arguments: [1, 2, 3])
  func clocksAgree(seed: Int) throws {
    let log = TraceLog()
    var options = ExampleOptions(seed: UInt64(seed))
    options.operationsPerClient = 5
    options.trace = log
    _ = try ExampleCatalog.register.run(options)
    let hb = try HappensBefore(MessageTrace.parse(log.jsonLines))
    let written = log.events
    #expect(hb.trace.events.count == written.count)
    for (i, event) in written.enumerated() {
      if event.vector.isEmpty {
        #expect(hb.vector[i] == nil)
      } else {
        #expect(hb.vector[i] == event.vector && hb.lamport[i] == event.lamport, "event \(i) (\(event.kind))")
      }
    }
  }

  @Test("Fixed link delays keep FIFO order; reordering breaks it, and the check says where")
  func fifoUnderReordering() throws {
    func trace(_ faults: [Nemesis]) throws -> HappensBefore {
      let log = TraceLog()
      let sim = try Simulator<EchoNode>(nodes: [1, 2], seed: 3, faults: faults, trace: log) { id in
        id == 1 ? EchoNode(peer: 2, window: 8) : EchoNode(peer: nil)
      }
      sim.run(for: .milliseconds(50))
      return try HappensBefore(MessageTrace.parse(log.jsonLines))
    }
    #expect(try trace([]).check(.fifo).isSatisfied)
    let reordered = try trace([.reorder(0.3)]).check(.fifo)
    #expect(!reordered.isSatisfied && reordered.violations.count == 10)
  }
}
