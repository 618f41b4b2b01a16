import Foundation
import Simulation
import SimulationExamples
import Testing

@Suite("Determinism: one seed, one trace")
struct DeterminismTests {
  @Test("The same seed gives the same trace and history, byte for byte, over 50 seeds",
    arguments: TestSeeds.values(50))
  func sameSeedSameBytes(seed: UInt64) throws {
    let first = try registerTrace(seed: seed)
    let second = try registerTrace(seed: seed)
    #expect(!first.trace.isEmpty)
    #expect(first.trace == second.trace, TestSeeds.replay(seed, "DeterminismTests"))
    #expect(first.history == second.history, TestSeeds.replay(seed, "DeterminismTests"))
  }

  @Test("Different seeds give different traces")
  func differentSeedsDiffer() throws {
    let traces = try (1...10).map { try registerTrace(seed: UInt64($0)).trace }
    #expect(Set(traces).count == traces.count)
  }

  @Test("The committed demo trace is reproduced exactly (determinism across processes and builds)")
  func committedDemoReproduces() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let demo = root.appendingPathComponent("Traces/demo")
    let committedTrace = try String(contentsOf: demo.appendingPathComponent("trace.jsonl"), encoding: .utf8)
    let committedHistory = try String(contentsOf: demo.appendingPathComponent("history.jsonl"), encoding: .utf8)
    let log = TraceLog()
    var options = ExampleOptions(seed: 1)
    options.trace = log
    let run = try ExampleCatalog.register.run(options)
    #expect(log.jsonLines == committedTrace, "regenerate with `make demo` if the change to the trace is intended")
    #expect(run.history?.jsonLines == committedHistory)
  }

  @Test("Node randomness comes from the seed: the same seed draws the same numbers")
  func contextRandomIsSeeded() {
    var a = SimulationRandom(seed: 42), b = SimulationRandom(seed: 42), c = SimulationRandom(seed: 43)
    let first = (0..<8).map { _ in a.next() }
    #expect(first == (0..<8).map { _ in b.next() })
    #expect(first != (0..<8).map { _ in c.next() })
  }
}
