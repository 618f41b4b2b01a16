import Foundation
import Testing

@testable import Workbook

@Suite("Seeds and replay commands")
struct SeedsTests {
  @Test("A test's own count, replaced by DISTLAB_SEEDS, narrowed to one seed by DISTLAB_SEED")
  func selection() {
    #expect(Seeds.selected(count: 3, environment: [:]) == [1, 2, 3])
    #expect(Seeds.selected(count: 3, environment: ["DISTLAB_SEEDS": "5"]) == [1, 2, 3, 4, 5])
    #expect(Seeds.selected(count: 3, environment: ["DISTLAB_SEED": "42", "DISTLAB_SEEDS": "5"]) == [42])
    #expect(Seeds.selected(count: 3, environment: ["DISTLAB_SEEDS": "lots"]) == [1, 2, 3], "an unreadable count is ignored")
  }

  @Test("The replay command names the seed and the test, and the workspace switch when one was set")
  func replayCommand() {
    let filter = "WarmupTests.ReliableBroadcastTests/deliversOnceDespiteDuplicates"
    #expect(Replay.command(filter: filter, seed: 7, environment: [:]) == "DISTLAB_SEED=7 swift test --filter \(filter)")
    #expect(
      Replay.command(filter: filter, seed: 7, environment: ["DISTLAB_SOLUTION": "Warmup"])
        == "DISTLAB_SOLUTION=Warmup DISTLAB_SEED=7 swift test --filter \(filter)")
    #expect(Replay.command(filter: filter, seed: nil, environment: [:]) == "swift test --filter \(filter)")
  }

  @Test("A graded run names its test the way swift test --filter selects it")
  func filterNamesThisTest() throws {
    let run = GradedRun(test: try #require(Test.current), points: 1)
    #expect(run.suite == "WorkbookTests.SeedsTests")
    #expect(run.function == "filterNamesThisTest()")
    #expect(run.filter == "WorkbookTests.SeedsTests/filterNamesThisTest")
  }

  @Test("DISTLAB_TRACE names the trace file: as is for a replay, with the seed added when a test runs several")
  func traceFileNames() {
    #expect(TraceRecording.path(for: "/tmp/run.jsonl", seed: 7, isReplay: true) == "/tmp/run.jsonl")
    #expect(TraceRecording.path(for: "/tmp/run.jsonl", seed: nil, isReplay: false) == "/tmp/run.jsonl")
    #expect(TraceRecording.path(for: "/tmp/run.jsonl", seed: 7, isReplay: false) == "/tmp/run-seed7.jsonl")
    #expect(TraceRecording.path(for: "/tmp/run", seed: 7, isReplay: false) == "/tmp/run-seed7")
    #expect(TraceRecording.log(environment: [:]) == nil)
    #expect(TraceRecording.log(environment: ["DISTLAB_TRACE": "/tmp/x.jsonl"]) != nil)
  }

  /// The seeds the next test saw, to check that the trait ran it once per seed.
  private static let seen = SeenSeeds()

  @Test("The seeds trait runs the body once per seed, each with its own Seeds.current", .seeds(4))
  func runsEverySeed() {
    let seed = Seeds.current
    #expect((1...4).contains(seed) || ProcessInfo.processInfo.environment["DISTLAB_SEED"] != nil)
    #expect(Self.seen.insert(seed), "seed \(seed) ran twice")
  }
}

/// Seeds seen so far, shared by the runs of one test.
final class SeenSeeds: @unchecked Sendable {
  private let lock = NSLock()
  private var seeds: Set<UInt64> = []

  /// Adds a seed; false when it was already there.
  func insert(_ seed: UInt64) -> Bool { lock.withLock { seeds.insert(seed).inserted } }
}
