import Foundation
import Testing

@testable import Grading

/// The package root of this checkout.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

@Suite("The lab catalog and grading input")
struct LabCatalogTests {
  @Test("The catalog finds the warmup lab, and accepts its name in any of the usual spellings")
  func findsLabs() throws {
    let catalog = try LabCatalog(root: packageRoot)
    let warmup = try #require(catalog.labs.first)
    #expect(warmup == Lab(name: "Warmup", folder: "00-warmup", number: 0))
    #expect(warmup.testTarget == "WarmupTests" && warmup.shortName == "warmup")
    for spelling in ["warmup", "Warmup", "WARMUP", "00-warmup", "0", "WarmupTests"] {
      #expect(try catalog.lab(named: spelling) == warmup, "\(spelling)")
    }
    #expect(LabCatalog.packageRoot(from: packageRoot + "/Labs/00-warmup/Solution") == packageRoot)
  }

  @Test("Bad input names the field that is wrong")
  func badInput() throws {
    let catalog = try LabCatalog(root: packageRoot)
    let known = catalog.labs.map(\.shortName)
    #expect(known.first == "warmup" && known.count >= 2)
    #expect(throws: GradeInputError.unknownLab("raft", known: known)) { try catalog.lab(named: "raft") }
    #expect(GradeInputError.unknownLab("raft", known: ["warmup"]).description == "lab 'raft': no such lab; the labs are warmup")
    #expect(throws: GradeInputError.unknownImplementation("mine")) { try Implementation(parsing: "mine") }
    #expect(try Implementation(parsing: "Solution") == .solution)
    for bad in ["0", "-3", "many", ""] {
      #expect(throws: GradeInputError.badSeedCount(bad)) { try parseSeedCount(bad) }
    }
    #expect(try parseSeedCount("50") == 50)
    #expect(GradeInputError.badSeedCount("0").description.hasPrefix("--seeds '0'"))
    #expect(throws: GradeInputError.notAPackage(path: "/tmp")) { try LabCatalog(root: "/tmp") }
  }

  @Test("The runner reads the compiler's first error and a crash's fatal-error line from swift test's output")
  func readsOutput() {
    let runner = SuiteRunner(
      root: "/work/lab", swift: "swift", scratchPath: ".build", implementation: .solution, solutionLabs: ["Warmup"],
      seeds: nil, timeLimit: .seconds(60))
    let build = """
      [3/9] Compiling Warmup ReliableBroadcast.swift
      /work/lab/Labs/00-warmup/Solution/ReliableBroadcast.swift:12:7: error: cannot find 'x' in scope
      /work/lab/Labs/00-warmup/Solution/ReliableBroadcast.swift:14:7: error: cannot find 'y' in scope
      """
    #expect(runner.firstError(in: build) == "Labs/00-warmup/Solution/ReliableBroadcast.swift:12:7: error: cannot find 'x' in scope")
    let crash = "◇ Test x() started.\nWarmup/ReliableBroadcast.swift:90: Fatal error: boom\n*** Program crashed: Illegal instruction ***"
    #expect(runner.isCrash(crash) && !runner.isCrash("✘ Test x() failed"))
    #expect(runner.crashMessage(in: crash) == "crashed: Warmup/ReliableBroadcast.swift:90: Fatal error: boom")
    #expect(runner.replayPrefix(for: Lab(name: "Warmup", folder: "00-warmup", number: 0)) == "DISTLAB_SOLUTION=Warmup ")
  }

  @Test("The runner sets the switch, the seed count and the report file, and drops a replay seed")
  func environment() {
    let runner = SuiteRunner(
      root: packageRoot, swift: "swift", scratchPath: ".build", implementation: .solution, solutionLabs: ["Warmup", "Consensus"],
      seeds: 7, timeLimit: .seconds(60))
    let environment = runner.environment(report: "/tmp/report.jsonl")
    #expect(environment["DISTLAB_SOLUTION"] == "Warmup,Consensus")
    #expect(environment["DISTLAB_SEEDS"] == "7")
    #expect(environment["DISTLAB_GRADE_REPORT"] == "/tmp/report.jsonl")
    #expect(environment["DISTLAB_SEED"] == nil)
    var reference = runner
    reference.implementation = .reference
    #expect(reference.environment(report: "r").keys.contains("DISTLAB_SOLUTION") == false)
  }

  @Test("The points a suite declares are read from its source: the warmup suite declares 30")
  func declaredPoints() {
    let runner = SuiteRunner(
      root: packageRoot, swift: "swift", scratchPath: ".build", implementation: .reference, solutionLabs: [],
      seeds: nil, timeLimit: .seconds(60))
    #expect(runner.declaredPoints(of: Lab(name: "Warmup", folder: "00-warmup", number: 0)) == 30)
  }
}
