// swift-tools-version:6.0
import PackageDescription

// DistLab: a Swift lab workbook for distributed systems. See ../README.md and DESIGN.md.
// Targets appear here only once they hold real code; later issues add Checker, Diagrams,
// CGraphviz, the Reference/ labs and their graded suites.

// The simulator is generic over the node type, and nodes live in other modules (labs, examples).
// Cross-module optimization lets the compiler specialize the event loop for each node type, and the
// simulator's state is touched only from its own run loop, so release builds skip the dynamic
// exclusivity checks on its properties (debug builds and tests keep them).
let simulatorSettings: [SwiftSetting] = [
  .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

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
    // The `distlab` command-line tool.
    .executableTarget(
      name: "distlab",
      dependencies: [
        "Simulation", "SimulationExamples", "Checker", "Diagrams",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "SimulationTests", dependencies: ["Simulation", "SimulationExamples"]),
    // The checker's tests, plus integration tests that run the simulator and check what it records.
    .testTarget(name: "CheckerTests", dependencies: ["Checker", "Simulation", "SimulationExamples"]),
    .testTarget(name: "DiagramsTests", dependencies: ["Diagrams", "Checker", "Simulation", "SimulationExamples"]),
  ],
  swiftLanguageModes: [.v6]
)
