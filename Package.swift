// swift-tools-version:6.0
import PackageDescription

// DistLab: a Swift lab workbook for distributed systems. See README.md and Labs/README.md.

// The simulator is generic over the node type, and nodes live in other modules (labs, examples).
// Cross-module optimization lets the compiler specialize the event loop for each node type, and the
// simulator's state is touched only from its own run loop, so release builds skip the dynamic
// exclusivity checks on its properties (debug builds and tests keep them).
let simulatorSettings: [SwiftSetting] = [
  .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

// The labs, in course order: each is a target named for the lab, built from `Reference/<Lab>/`, and a
// graded suite `Tests/<Lab>Tests/`. Labs/README.md describes the pattern. `extra` lists packages a
// lab needs beyond the simulator; the lab target (either folder), its reference and its suite get them.
// `runs` lists targets built on top of the lab (scenarios its suite and `distlab simulate` share);
// they compile against whichever folder the lab target is built from, so the workspace needs no copy.
let labs: [(name: String, folder: String, extra: [Target.Dependency], runs: [String])] = [
  ("Warmup", "00-warmup", [], []),
  ("FailureDetection", "02-failure-detection", [], []),
  // Names are hashed onto rings and identifier circles with SHA-1, as Chord does.
  ("Naming", "03-naming", [.product(name: "Crypto", package: "swift-crypto")], ["NamingRuns"]),
  // Proof of work hashes block headers with SHA-256.
  ("Consensus", "07-consensus", [.product(name: "Crypto", package: "swift-crypto")], ["KeyValueOnRaft"]),
]

// The switch to the learner's workspace: `DISTLAB_SOLUTION=Warmup` (comma-separated lab names, or
// `all`) builds the lab target from `Labs/<folder>/Solution/` instead, so the same suite grades the
// learner's code. SwiftPM re-reads this manifest when the variable changes; switching back needs no
// clean. While a lab is switched, its reference is also built, as `<Lab>Reference`, so the suite
// can compare the two implementations event by event (the suite sees `DISTLAB_GRADING_SOLUTION`).
let solutionLabs = Set(
  (Context.environment["DISTLAB_SOLUTION"] ?? "").split(separator: ",")
    .map { String($0.filter { $0 != " " }).lowercased() })
func usesSolution(_ lab: String) -> Bool { solutionLabs.contains(lab.lowercased()) || solutionLabs.contains("all") }

let labTargets: [Target] = labs.flatMap { lab -> [Target] in
  let solution = usesSolution(lab.name)
  var targets: [Target] = [
    .target(
      name: lab.name, dependencies: ["Simulation"] + lab.extra,
      path: solution ? "Labs/\(lab.folder)/Solution" : "Reference/\(lab.name)"),
    .testTarget(
      name: "\(lab.name)Tests",
      dependencies: [.target(name: lab.name), "Workbook", "Simulation", "Checker"] + lab.extra
        + lab.runs.map { .target(name: $0) }
        + (solution ? [.target(name: "\(lab.name)Reference")] : []),
      swiftSettings: solution ? [.define("DISTLAB_GRADING_SOLUTION")] : []),
  ]
  if solution {
    targets.append(
      .target(name: "\(lab.name)Reference", dependencies: ["Simulation"] + lab.extra, path: "Reference/\(lab.name)"))
  }
  return targets
}

let package = Package(
  name: "DistLab",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Simulation", targets: ["Simulation"]),
    .library(name: "Checker", targets: ["Checker"]),
    .library(name: "Diagrams", targets: ["Diagrams"]),
    .executable(name: "distlab", targets: ["distlab"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // The deterministic discrete-event simulator every lab runs on.
    .target(
      name: "Simulation",
      dependencies: [.product(name: "HeapModule", package: "swift-collections")],
      swiftSettings: simulatorSettings
    ),
    // Recorded histories, sequential models, linearizability and weaker consistency checks.
    // Imports neither Simulation nor Diagrams: it reads histories from any system.
    .target(
      name: "Checker",
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    ),
    // Graphviz's C library (libgvc, libcgraph), found through pkg-config.
    .systemLibrary(
      name: "CGraphviz", path: "Sources/CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
    // Pictures of histories, message flows and causality: deterministic DOT, rendered in-process.
    .target(name: "Diagrams", dependencies: ["CGraphviz", "Checker"]),
    // Small worked protocols on the simulator: echo, broadcast, an ABD quorum register.
    .target(name: "SimulationExamples", dependencies: ["Simulation"]),
    // What `distlab grade` and the graded suites share: the lab catalog, the per-test grade records,
    // running a suite as a subprocess, and the score as a table, JSON and JUnit XML. Foundation only.
    .target(name: "Grading"),
    // Test support for graded suites: the `.points(n)` and `.seeds(n)` traits, seed replay, grade
    // records, and differential runs of two implementations. Imports Swift Testing.
    .target(name: "Workbook", dependencies: ["Simulation", "Grading"]),
    // Lab 07's key-value store on Raft as a ready-made run: the suite, `distlab simulate raft-kv` and
    // `make demo` share it.
    .target(name: "KeyValueOnRaft", dependencies: ["Consensus", "Simulation"]),
    // Lab 03's measured runs (DNS, hashing, Chord, the directory, DNS against the DHT): the suite's
    // shape checks and `distlab simulate … --table` share them.
    .target(name: "NamingRuns", dependencies: ["Naming", "Simulation"]),
    // The `distlab` command-line tool.
    .executableTarget(
      name: "distlab",
      dependencies: [
        "Simulation", "SimulationExamples", "Checker", "Diagrams", "Grading",
        // Lab scenarios for `distlab simulate` (built from the learner's workspace when switched).
        "FailureDetection", "Naming", "NamingRuns", "Consensus", "KeyValueOnRaft",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "SimulationTests", dependencies: ["Simulation", "SimulationExamples"]),
    // The checker's tests, plus integration tests that run the simulator and check what it records.
    .testTarget(name: "CheckerTests", dependencies: ["Checker", "Simulation", "SimulationExamples"]),
    .testTarget(name: "DiagramsTests", dependencies: ["Diagrams", "Checker", "Simulation", "SimulationExamples"]),
    // The grading machinery's own tests, including one real grading run of the warmup workspace.
    .testTarget(name: "WorkbookTests", dependencies: ["Workbook", "Grading", "Simulation", "SimulationExamples"]),
  ] + labTargets,
  swiftLanguageModes: [.v6]
)
