import ArgumentParser
import Foundation
import Simulation
import SimulationExamples

/// `distlab bench`: release-mode benchmarks of the workbench. Build with `-c release`.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the workbench's speed (run with `swift run -c release distlab bench …`).",
    discussion: "simulation: message deliveries per second for an echo and a 5-node broadcast workload, "
      + "without a trace and with the trace streamed to a file, and resident memory after each. "
      + "checker: linearizability checks of generated CAS-register and key-value histories, how time and "
      + "memory grow, and the largest history checked in 10 s. "
      + "search: states per second and peak memory of the exploration executor, and how the state count grows."
  )

  enum Target: String, ExpressibleByArgument, CaseIterable {
    case simulation
    case checker
    case diagrams
    case search
  }

  @Argument(help: "What to measure: \(Target.allCases.map(\.rawValue).joined(separator: ", ")).")
  var target: Target

  @Option(help: "Deliveries per measurement.")
  var deliveries = 5_000_000

  @Option(help: "Seed of every benchmark run.")
  var seed: UInt64 = 1

  @Flag(help: "Skip the rows that stream a trace to a file (the slow part).")
  var noTrace = false

  @Option(help: ArgumentHelp(
    "With 'checker': print one generated history and exit instead of measuring: cas[-OPERATIONS[-WORKERS]][-corrupt] or kv-CLIENTS[-OPERATIONS][-corrupt] (e.g. cas-400-5, kv-50).",
    valueName: "kind"))
  var emit: String?

  func validate() throws {
    if deliveries < 1_000 { throw ValidationError("--deliveries must be at least 1000.") }
  }

  mutating func run() throws {
    #if DEBUG
      print("warning: this is a debug build; measure with `swift run -c release distlab bench simulation`")
    #endif
    switch target {
    case .simulation: try SimulationBenchmark(deliveries: deliveries, seed: seed, includeTrace: !noTrace).run()
    case .checker:
      if let emit {
        guard let history = CheckerBenchmark(seed: seed).generate(emit) else {
          throw ValidationError("--emit: unknown kind '\(emit)' (use cas, cas-corrupt, kv-50, kv-10-corrupt, …)")
        }
        print(history)
      } else {
        try CheckerBenchmark(seed: seed).run()
      }
    case .diagrams:
      try DiagramsBenchmark(seed: seed).run()
    case .search:
      SearchBenchmark().run()
    }
  }
}
