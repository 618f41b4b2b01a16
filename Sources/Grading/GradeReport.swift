/// The graded result of one test: points, pass rate over seeds, and how to replay a failure.
public struct TestGrade: Codable, Hashable, Sendable {
  /// How the test ended.
  public enum Outcome: String, Codable, Hashable, Sendable {
    /// Every seed passed: the points are earned.
    case passed
    /// At least one seed failed.
    case failed
    /// The test process died inside this test (a trap in the code under test).
    case crashed
    /// Grading stopped at its time limit while this test ran.
    case timedOut = "timed-out"
  }

  /// The suite's identifier, e.g. `WarmupTests.ReliableBroadcastTests`.
  public var suite: String
  /// The test function, e.g. `deliversDespiteLoss()`.
  public var test: String
  /// The display name.
  public var name: String
  /// The source line, for ordering.
  public var line: Int
  /// What the test is worth.
  public var points: Int
  /// Whether the test counts towards the score (an ungraded one, such as a differential run, only informs).
  public var isGraded: Bool
  /// How it ended.
  public var outcome: Outcome
  /// Whether the test runs over seeds.
  public var isRandomized: Bool
  /// Seeds run (1 for a test without seeds).
  public var seedsRun: Int
  /// Seeds that passed.
  public var seedsPassed: Int
  /// Every failing seed, in the order run.
  public var failingSeeds: [UInt64]
  /// The first failure's message (or the crash's), shortened.
  public var firstFailure: String?
  /// The command that reruns the first failing seed (or the test, when it has no seeds).
  public var replay: String?
  /// Wall-clock seconds.
  public var seconds: Double

  /// Points earned: all of them when every seed passed, none otherwise.
  ///
  /// A randomized test is all or nothing: a protocol that fails on some seeds is wrong, and its pass
  /// rate says how often the schedules that break it come up.
  public var earned: Int { isGraded && outcome == .passed ? points : 0 }

  /// The fraction of seeds that passed, from 0 to 1.
  public var passRate: Double { seedsRun == 0 ? 0 : Double(seedsPassed) / Double(seedsRun) }

  /// The first failing seed, if any.
  public var firstFailingSeed: UInt64? { failingSeeds.first }
}

/// The graded result of one lab's suite.
public struct LabGrade: Codable, Hashable, Sendable {
  /// Whether the suite could be graded.
  public enum Status: String, Codable, Hashable, Sendable {
    /// The suite built and its graded tests ran (a crashed test counts as failed; the rest still ran).
    case graded
    /// The suite did not build (e.g. the workspace does not compile): 0 points.
    case buildFailed = "build-failed"
    /// The run stopped at the time limit.
    case timedOut = "timed-out"
    /// The suite built but reported no graded tests (it crashed before any, or has none).
    case noResults = "no-results"
  }

  /// The lab's target name.
  public var lab: String
  /// The lab's folder under `Labs/`.
  public var folder: String
  /// Which implementation was graded.
  public var implementation: Implementation
  /// Whether grading worked.
  public var status: Status
  /// The build error, crash or time-out message when something went wrong.
  public var problem: String?
  /// Every graded test, in suite and source order.
  public var tests: [TestGrade]
  /// Points the suite's source declares (`.points(n)`), used when no test reported.
  public var declaredPoints: Int
  /// Wall-clock seconds for build and run.
  public var seconds: Double
  /// Where the full `swift test` output was saved.
  public var log: String

  /// Points earned in this lab.
  public var earned: Int { tests.reduce(0) { $0 + $1.earned } }
  /// Points of the graded tests that reported.
  public var reported: Int { tests.filter(\.isGraded).reduce(0) { $0 + $1.points } }
  /// Points available in this lab: the graded tests' points, or the points the suite's source
  /// declares when that is more (some tests never reported, e.g. the suite did not build).
  public var possible: Int { max(reported, declaredPoints) }
}

/// The result of one `distlab grade` run: every lab graded, and the total.
public struct GradeReport: Codable, Hashable, Sendable {
  /// Which implementation was graded.
  public var implementation: Implementation
  /// The seeds per randomized test when `--seeds` was given (otherwise each test's own count).
  public var seeds: Int?
  /// Every lab graded, in course order.
  public var labs: [LabGrade]

  /// Creates a report.
  public init(implementation: Implementation, seeds: Int?, labs: [LabGrade]) {
    self.implementation = implementation
    self.seeds = seeds
    self.labs = labs
  }

  /// Points earned over all labs.
  public var earned: Int { labs.reduce(0) { $0 + $1.earned } }
  /// Points available over all labs.
  public var possible: Int { labs.reduce(0) { $0 + $1.possible } }
  /// Whether every lab was graded and every point earned.
  public var isPerfect: Bool { labs.allSatisfy { $0.status == .graded } && earned == possible }
}

extension TestGrade {
  /// Combines the records of one test (several `finish` records for a parameterized test).
  ///
  /// - Parameters:
  ///   - records: the test's records, all with the same key.
  ///   - replayPrefix: environment assignments for the replay command, e.g. `DISTLAB_SOLUTION=Warmup `.
  ///   - unfinished: the outcome to give a test that started and never finished.
  init?(records: [GradeRecord], replayPrefix: String, unfinished: Outcome, crashMessage: String?) {
    guard let first = records.first else { return nil }
    let finished = records.filter { $0.event == .finish }
    let started = records.filter { $0.event == .start }.count
    suite = first.suite
    test = first.test
    name = first.name
    line = first.line
    points = first.points
    isGraded = first.isGraded
    isRandomized = first.isRandomized
    seedsRun = finished.reduce(0) { $0 + $1.seedsRun }
    seedsPassed = finished.reduce(0) { $0 + $1.seedsPassed }
    failingSeeds = finished.flatMap(\.failingSeeds)
    firstFailure = finished.compactMap(\.firstFailure).first
    seconds = finished.reduce(0) { $0 + $1.seconds }
    if finished.count < started {
      outcome = unfinished
      firstFailure = firstFailure ?? crashMessage
      if let seed = records.last(where: { $0.event == .seed })?.seed {
        failingSeeds.append(seed)
        seedsRun += 1
      }
    } else {
      outcome = seedsRun > 0 && seedsPassed == seedsRun ? .passed : .failed
    }
    let command = "swift test --filter \(first.filter)"
    if let seed = failingSeeds.first {
      replay = "\(replayPrefix)DISTLAB_SEED=\(seed) \(command)"
    } else if outcome != .passed {
      replay = "\(replayPrefix)\(command)"
    }
  }
}
