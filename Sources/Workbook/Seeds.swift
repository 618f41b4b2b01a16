import Foundation
import Testing

/// Seeds for randomized tests: which ones a run uses, and the seed of the run in progress.
///
/// A test with the `.seeds(n)` trait runs its body once per seed, 1 through n, and reads the
/// current one from `Seeds.current`. Two environment variables change the set without editing a
/// test: `DISTLAB_SEEDS=50` runs 50 seeds instead of each test's own count (what
/// `distlab grade --seeds 50` sets), and `DISTLAB_SEED=7` runs seed 7 alone (the replay of a failure).
public enum Seeds {
  /// The seed count a `.seeds()` test uses when it names none.
  public static let defaultCount = 20
  /// The environment variable that replaces every test's seed count.
  public static let countVariable = "DISTLAB_SEEDS"
  /// The environment variable that runs one seed alone, to replay a failure.
  public static let replayVariable = "DISTLAB_SEED"

  @TaskLocal static var running: UInt64?

  /// The seed of the run in progress.
  ///
  /// MUST be read inside a test that has the `.seeds(n)` trait (a workbench bug otherwise).
  public static var current: UInt64 {
    guard let seed = running else {
      preconditionFailure("Seeds.current read outside a test with the .seeds(n) trait")
    }
    return seed
  }

  /// The seeds a test asking for `count` runs under `environment`: `DISTLAB_SEED` alone when set,
  /// else 1 through `DISTLAB_SEEDS` when set, else 1 through `count`.
  public static func selected(count: Int, environment: [String: String] = ProcessInfo.processInfo.environment) -> [UInt64] {
    if let text = environment[replayVariable], let seed = UInt64(text.trimmingCharacters(in: .whitespaces)) {
      return [seed]
    }
    let overridden = environment[countVariable].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let total = max(1, overridden ?? count)
    return (1...UInt64(total)).map { $0 }
  }
}

/// Runs a randomized test once per seed, reports every failing seed with the command that replays
/// it, and (with `.points(n)`) records the pass rate for `distlab grade`.
///
/// ```swift
/// @Test("Delivers everything despite loss", .points(10), .seeds(20))
/// func deliversDespiteLoss() throws {
///   let sim = try Simulator<MyNode>(nodes: [1, 2, 3], seed: Seeds.current, faults: [.drop(0.1)]) { … }
///   …
/// }
/// ```
public struct SeedsTrait: TestTrait, TestScoping {
  /// The seeds the test asks for, before the environment has its say.
  public let count: Int

  public func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    let points = test.traits.lazy.compactMap { $0 as? PointsTrait }.first?.points
    try await GradedRun(test: test, points: points).run(
      seeds: Seeds.selected(count: count), testCase: testCase, body: function)
  }
}

extension Trait where Self == SeedsTrait {
  /// Runs the test once per seed, 1 through `count` (see `Seeds` for the environment overrides).
  public static func seeds(_ count: Int = Seeds.defaultCount) -> Self {
    precondition(count > 0, ".seeds(n) needs at least one seed")
    return SeedsTrait(count: count)
  }
}
