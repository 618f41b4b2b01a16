import ArgumentParser
import Checker
import Diagrams
import Foundation
import Simulation
import SimulationExamples

/// `distlab explore`: model-checks a small example protocol with the exploration executor and,
/// when it finds a violation, writes the shortest path as a trace and a message diagram.
struct ExploreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore",
    abstract: "Search every delivery order of a small example protocol; show the shortest violation.",
    discussion: """
      Examples: election (Raft-style voting; --flaw lets a node vote twice per term) and commit
      (two-phase commit with a write-ahead log; --flaw forgets to log the decision).
      Exit status: 0 no violation (or the goal was reached), 1 violation, 2 stopped at a limit, 3 bad input.
      Lab suites use the same executor through `Explorer` and the `Search` test helper.
      """
  )

  enum Example: String, ExpressibleByArgument, CaseIterable {
    case election
    case commit
  }

  @Argument(help: "The protocol to explore: \(Example.allCases.map(\.rawValue).joined(separator: ", ")).")
  var example: Example

  @Flag(help: "Explore the example's deliberately broken variant.")
  var flaw = false

  @Option(help: "Nodes in the election (2...8).")
  var nodes = 3

  @Option(help: "Highest term an election node starts (bounds the space).")
  var maxTerm = 1

  @Option(help: "Messages the network may lose on one path.")
  var drops = 0

  @Option(help: "Messages the network may duplicate on one path.")
  var duplicates = 0

  @Option(help: "Crashes on one path (commit defaults to 1).")
  var crashes: Int?

  @Flag(help: "Do not let crashed nodes restart (they restart by default when crashes are allowed).")
  var noRestarts = false

  @Option(help: "Do not explore beyond this many events.")
  var depth: Int?

  @Option(help: "Stop after this many distinct states.")
  var maxStates = 20_000_000

  @Option(help: "Stop after this much time, e.g. 30s.")
  var timeout = "60s"

  @Option(help: "Run this many random walks instead of a breadth-first search.")
  var walks: Int?

  @Option(help: "Events per random walk.")
  var walkDepth = 50

  @Option(help: "Seed of the random walks.")
  var seed: UInt64 = 1

  @Option(help: "Directory for the violation's trace.jsonl, path.txt and messages.svg.")
  var out: String?

  mutating func run() throws {
    guard (2...8).contains(nodes) else { throw badInput("--nodes must be between 2 and 8 (got \(nodes))") }
    guard maxTerm >= 1 else { throw badInput("--max-term must be at least 1") }
    guard drops >= 0, duplicates >= 0, (crashes ?? 0) >= 0 else { throw badInput("fault bounds must not be negative") }
    guard maxStates > 0 else { throw badInput("--max-states must be positive") }
    guard let limit = Duration(parsing: timeout), limit > .zero else {
      throw badInput("--timeout '\(timeout)' is not a positive time (e.g. 30s, 500ms)")
    }
    if let walks, walks < 1 { throw badInput("--walks must be positive") }
    if let depth, depth < 1 { throw badInput("--depth must be positive") }
    let crashBound = crashes ?? (example == .commit ? 1 : 0)
    let faults = ExplorationFaults(drops: drops, duplicates: duplicates, crashes: crashBound, restarts: crashBound > 0 && !noRestarts)
    switch example {
    case .election:
      let explorer = ElectionNode.explorer(
        peers: (1...nodes).map { NodeID($0) }, maxTerm: maxTerm, flaw: flaw ? .votesTwicePerTerm : nil, faults: faults)
      try explore(explorer, limit: limit)
    case .commit:
      let explorer = TwoPhaseCommitNode.explorer(
        votes: [false, true], flaw: flaw ? .decisionNotLogged : nil, faults: faults)
      try explore(explorer, limit: limit)
    }
  }

  private func explore<N: Node>(_ configured: Explorer<N>, limit: Duration) throws {
    var explorer = configured.limits(depth: depth, states: maxStates, time: limit)
    explorer.progress = { statistics in
      printError("  … \(statistics.states) states, depth \(statistics.depth), \(statistics.milliseconds / 1000) s")
    }
    let result = walks.map { explorer.randomWalks($0, depth: walkDepth, seed: seed) } ?? explorer.breadthFirst()
    print(result.report)
    if !result.path.isEmpty, let out {
      try write(result, of: explorer, into: out)
    }
    switch result.outcome {
    case .invariantViolated: throw ExitCode(1)
    case .stoppedAtStateLimit, .stoppedAtTimeLimit: throw ExitCode(2)
    case .invalidConfiguration: throw ExitCode(3)
    default: return
    }
  }

  private func write<N: Node>(_ result: SearchResult<N>, of explorer: Explorer<N>, into directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let log = TraceLog()
    _ = try Simulator.replaying(result.path, of: explorer, trace: log, label: "distlab explore \(example.rawValue)")
    let tracePath = (directory as NSString).appendingPathComponent("trace.jsonl")
    try log.jsonLines.write(toFile: tracePath, atomically: true, encoding: .utf8)
    let pathText = result.path.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n") + "\n"
    try pathText.write(toFile: (directory as NSString).appendingPathComponent("path.txt"), atomically: true, encoding: .utf8)
    let trace = try MessageTrace.parse(log.jsonLines, file: tracePath)
    let svg = try MessageDiagram(trace: trace).render(.svg)
    let svgPath = (directory as NSString).appendingPathComponent("messages.svg")
    try Data(svg).write(to: URL(fileURLWithPath: svgPath))
    print("wrote \(tracePath), \(svgPath) and path.txt (replayed on the simulator to the same state)")
  }

  private func badInput(_ message: String) -> Error {
    printError("Error: \(message)")
    return ExitCode(3)
  }
}
