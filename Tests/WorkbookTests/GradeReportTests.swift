import Foundation
import Testing

@testable import Grading

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Records as a suite writes them, for tests that need no real run.
enum SampleRecords {
  static func record(
    _ event: GradeRecord.Event, _ test: String, points: Int = 10, graded: Bool = true, randomized: Bool = true,
    run: Int = 0, passed: Int = 0, failing: [UInt64] = [], failure: String? = nil, line: Int = 1, seed: UInt64? = nil
  ) -> GradeRecord {
    var record = GradeRecord(
      event: event, suite: "WarmupTests.ReliableBroadcastTests", test: "\(test)()", name: "The \(test) test", line: line,
      points: points, isGraded: graded, filter: "WarmupTests.ReliableBroadcastTests/\(test)", isRandomized: randomized,
      seedsRun: run, seedsPassed: passed, failingSeeds: failing, firstFailure: failure, seconds: 0.5)
    record.seed = seed
    return record
  }

  /// A lab with one passing test, one failing on 3 of 20 seeds, one crash at seed 4, and one ungraded failure.
  static var lab: LabGrade {
    let records: [[GradeRecord]] = [
      [record(.start, "passes", points: 5, randomized: false, line: 10),
       record(.finish, "passes", points: 5, randomized: false, run: 1, passed: 1, line: 10)],
      [record(.start, "flaky", line: 20),
       record(.finish, "flaky", run: 20, passed: 17, failing: [3, 8, 11], failure: "Expectation failed: x < \"3\" & more", line: 20)],
      [record(.start, "crashes", line: 30), record(.seed, "crashes", line: 30, seed: 1), record(.seed, "crashes", line: 30, seed: 4)],
      [record(.start, "differs", points: 0, graded: false, line: 40),
       record(.finish, "differs", points: 0, graded: false, run: 5, passed: 0, failing: [1, 2, 3, 4, 5], failure: "first divergence", line: 40)],
    ]
    let tests = records.compactMap {
      TestGrade(records: $0, replayPrefix: "DISTLAB_SOLUTION=Warmup ", unfinished: .crashed, crashMessage: "crashed: Fatal error: boom")
    }
    return LabGrade(
      lab: "Warmup", folder: "00-warmup", implementation: .solution, status: .graded, problem: nil, tests: tests,
      declaredPoints: 25, seconds: 3, log: ".build/distlab-grade/warmup-solution.log")
  }
}

@Suite("Grade reports: scores, table, JSON and JUnit")
struct GradeReportTests {
  @Test("A randomized test earns its points only when every seed passes; ungraded tests score nothing")
  func scoring() throws {
    let lab = SampleRecords.lab
    #expect(lab.tests.map(\.earned) == [5, 0, 0, 0])
    #expect(lab.earned == 5)
    #expect(lab.possible == 25, "5 + 10 + 10 graded; the ungraded test adds nothing")
    let flaky = try #require(lab.tests.first { $0.test == "flaky()" })
    #expect(flaky.outcome == .failed && flaky.passRate == 0.85 && flaky.firstFailingSeed == 3)
    #expect(flaky.replay == "DISTLAB_SOLUTION=Warmup DISTLAB_SEED=3 swift test --filter WarmupTests.ReliableBroadcastTests/flaky")
  }

  @Test("A test that never finished is blamed on the last seed it started, with the crash message")
  func crashedTest() throws {
    let crashed = try #require(SampleRecords.lab.tests.first { $0.test == "crashes()" })
    #expect(crashed.outcome == .crashed)
    #expect(crashed.failingSeeds == [4])
    #expect(crashed.firstFailure == "crashed: Fatal error: boom")
    #expect(crashed.replay?.contains("DISTLAB_SEED=4 swift test --filter WarmupTests.ReliableBroadcastTests/crashes") == true)
  }

  @Test("The table lists each test with points, pass rate and first failing seed, then the total")
  func table() {
    let text = GradeReport(implementation: .solution, seeds: nil, labs: [SampleRecords.lab]).text
    #expect(text.contains("✔ The passes test"))
    #expect(text.contains("17/20 (85%)"))
    #expect(text.contains("seed 3"))
    #expect(text.contains("replay: DISTLAB_SOLUTION=Warmup DISTLAB_SEED=3 swift test --filter WarmupTests.ReliableBroadcastTests/flaky"))
    #expect(text.contains("ungraded"))
    #expect(text.contains("Total (solution): 5/25 points"))
  }

  @Test("The JSON report parses and carries every test's points, pass rate and replay command")
  func json() throws {
    let report = GradeReport(implementation: .solution, seeds: 20, labs: [SampleRecords.lab])
    let object = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
    #expect(object["earned"] as? Int == 5 && object["possible"] as? Int == 25 && object["seeds"] as? Int == 20)
    let labs = try #require(object["labs"] as? [[String: Any]])
    let tests = try #require(labs.first?["tests"] as? [[String: Any]])
    #expect(tests.count == 4)
    let flaky = try #require(tests.first { $0["test"] as? String == "flaky()" })
    #expect(flaky["passRate"] as? Double == 0.85)
    #expect(flaky["firstFailingSeed"] as? Int == 3)
    #expect(flaky["graded"] as? Bool == true)
    #expect((flaky["replay"] as? String)?.hasPrefix("DISTLAB_SOLUTION=Warmup DISTLAB_SEED=3 ") == true)
  }

  @Test("The JUnit XML parses: one testcase per graded test, a failure for each test that lost points")
  func junit() throws {
    let report = GradeReport(implementation: .solution, seeds: nil, labs: [SampleRecords.lab])
    let parsed = try JUnitSummary(report.junitXML)
    #expect(parsed.testcases == ["The passes test", "The flaky test", "The crashes test"])
    #expect(parsed.failures.count == 2)
    #expect(parsed.failures.first?.contains("first failing seed 3") == true)
    #expect(parsed.points == ["5", "10", "10"])
  }

  @Test("A lab that did not build is one failing testcase, and scores 0 of the points its source declares")
  func buildFailure() throws {
    let lab = LabGrade(
      lab: "Warmup", folder: "00-warmup", implementation: .solution, status: .buildFailed,
      problem: "Labs/00-warmup/Solution/ReliableBroadcast.swift:3:1: error: expected declaration", tests: [],
      declaredPoints: 30, seconds: 1, log: "log")
    let report = GradeReport(implementation: .solution, seeds: nil, labs: [lab])
    #expect(report.earned == 0 && report.possible == 30 && !report.isPerfect)
    #expect(report.text.contains("the suite did not build: 0/30 points"))
    #expect(report.text.contains("error: expected declaration"))
    let parsed = try JUnitSummary(report.junitXML)
    #expect(parsed.testcases == ["build"])
    #expect(parsed.failures.first?.contains("build-failed") == true)
  }
}

/// What a JUnit file says, read back with Foundation's XML parser.
struct JUnitSummary {
  var testcases: [String] = []
  var failures: [String] = []
  var points: [String] = []

  init(_ xml: String) throws {
    let delegate = Delegate()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.delegate = delegate
    guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    self = delegate.summary
  }

  private final class Delegate: NSObject, XMLParserDelegate {
    var summary = JUnitSummary(empty: ())
    var inTestcase = false

    func parser(
      _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      switch element {
      case "testcase":
        summary.testcases.append(attributes["name"] ?? "")
        inTestcase = true
      case "failure": summary.failures.append(attributes["message"] ?? "")
      case "property" where inTestcase && attributes["name"] == "points": summary.points.append(attributes["value"] ?? "")
      default: break
      }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
      if element == "testcase" { inTestcase = false }
    }
  }

  private init(empty: ()) {}
}
