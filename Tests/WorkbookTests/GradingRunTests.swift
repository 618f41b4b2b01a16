import Foundation
import Grading
import Testing

/// One real grading of the warmup workspace (its one deliberate mistake: a copy of a value that was
/// already received is not acknowledged), shared by the tests below.
///
/// It runs `swift test` in a subprocess, as `distlab grade` does, with its own scratch path: the
/// `swift test` running these tests holds the lock on `.build`, and a nested run on the same scratch
/// path would wait for it forever. The first run in a fresh checkout builds the package there once.
enum WarmupGrading {
  static let scratchPath = ".build-workbook-tests"

  static let runner = SuiteRunner(
    root: packageRoot, swift: SuiteRunner.defaultSwift(), scratchPath: scratchPath, implementation: .solution,
    solutionLabs: ["Warmup"], seeds: nil, timeLimit: .seconds(900))

  static let grade = Task { () -> LabGrade in
    let lab = Lab(name: "Warmup", folder: "00-warmup", number: 0)
    return runner.grade(lab)
  }

  /// Runs a replay command the report printed, in the same scratch path, and returns its exit status and output.
  static func replay(_ command: String) throws -> (status: Int32, output: String) {
    var environment = ProcessInfo.processInfo.environment
    environment["DISTLAB_GRADE_REPORT"] = nil
    var words = command.split(separator: " ").map(String.init)
    while let first = words.first, let equals = first.firstIndex(of: "=") {
      environment[String(first[..<equals])] = String(first[first.index(after: equals)...])
      words.removeFirst()
    }
    #expect(words.prefix(2) == ["swift", "test"], "\(command)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: SuiteRunner.defaultSwift())
    process.arguments = Array(words.dropFirst()) + ["--scratch-path", scratchPath]
    process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

@Suite("Grading the warmup workspace for real (one nested swift test run)", .serialized)
struct GradingRunTests {
  @Test("Grading loses exactly the retransmission test's 10 points, and shows its pass rate and first failing seed")
  func losesExactlyOnePart() async throws {
    let grade = await WarmupGrading.grade.value
    #expect(grade.status == .graded, "\(grade.problem ?? "") — see \(grade.log)")
    let graded = grade.tests.filter(\.isGraded)
    #expect(graded.map(\.test) == [
      "deliversOnReliableNetwork()", "deliversOnceDespiteDuplicates()", "retransmitsUntilAcknowledged()",
      "deliversInOrderDespiteReordering()",
    ])
    #expect(grade.earned == 20 && grade.possible == 30)
    let lost = try #require(graded.first { $0.earned < $0.points })
    #expect(lost.test == "retransmitsUntilAcknowledged()" && lost.points == 10)
    #expect(graded.filter { $0.earned < $0.points }.count == 1)
    #expect(lost.seedsRun == 20 && lost.seedsPassed > 0 && lost.seedsPassed < 20, "a pass rate, not a lucky pass")
    let seed = try #require(lost.firstFailingSeed)
    #expect(lost.replay == "DISTLAB_SOLUTION=Warmup DISTLAB_SEED=\(seed) swift test --filter WarmupTests.ReliableBroadcastTests/retransmitsUntilAcknowledged")
    #expect(lost.firstFailure?.contains("still waits for acknowledgements") == true)
  }

  @Test("The differential run points at the missing acknowledgement: the reference sends an ack where the workspace does not")
  func differentialShowsTheMistake() async throws {
    let grade = await WarmupGrading.grade.value
    let differential = try #require(grade.tests.first { $0.test == "behavesLikeTheReference()" })
    #expect(!differential.isGraded && differential.outcome == .failed)
    let message = try #require(differential.firstFailure)
    #expect(message.contains("compared with the reference, first divergence at trace event"))
    let referenceLine = try #require(message.split(separator: "\n").first { $0.contains("reference:") })
    #expect(referenceLine.contains("send → ") && referenceLine.contains("ack(sequence:"), "\(message)")
  }

  @Test("The printed replay command reproduces the failure on that seed, and a passing seed passes")
  func replayReproduces() async throws {
    let grade = await WarmupGrading.grade.value
    let lost = try #require(grade.tests.first { $0.test == "retransmitsUntilAcknowledged()" })
    let seed = try #require(lost.firstFailingSeed)
    let failing = try WarmupGrading.replay(try #require(lost.replay))
    #expect(failing.status != 0)
    #expect(failing.output.contains("seed \(seed) — replay: DISTLAB_SOLUTION=Warmup DISTLAB_SEED=\(seed) swift test"), "\(failing.output.suffix(2000))")
    #expect(failing.output.contains("still waits for acknowledgements"))

    let passingSeed = try #require((1...20).first { !lost.failingSeeds.contains(UInt64($0)) })
    let passing = try WarmupGrading.replay(
      "DISTLAB_SOLUTION=Warmup DISTLAB_SEED=\(passingSeed) swift test --filter WarmupTests.ReliableBroadcastTests/retransmitsUntilAcknowledged")
    #expect(passing.status == 0, "\(passing.output.suffix(2000))")
  }

  @Test("The real report's JSON and JUnit XML parse and agree with the table")
  func outputsParse() async throws {
    let grade = await WarmupGrading.grade.value
    let report = GradeReport(implementation: .solution, seeds: nil, labs: [grade])
    let object = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
    #expect(object["earned"] as? Int == 20 && object["possible"] as? Int == 30)
    let junit = try JUnitSummary(report.junitXML)
    #expect(junit.testcases.count == 4 && junit.failures.count == 1)
    #expect(report.text.contains("Total (solution): 20/30 points"))
  }
}
