import Foundation
import Grading
import Testing

/// Runs one graded or randomized test: its body once per seed (or once), each seed's failures
/// marked with the command that replays that seed, and the result appended to the grade report.
///
/// Failures are observed through Swift Testing's issue handling, so a test's own `#expect` and
/// `#require` need no change: a seed fails when its run records a failing issue or throws.
struct GradedRun {
  let test: Test
  /// The test's points, or nil for a test that is randomized but not graded.
  let points: Int?

  /// Failing seeds whose issues are shown in full; later ones are only counted and listed.
  static let seedsShownInFull = 3

  /// `WarmupTests.ReliableBroadcastTests`: the module and the enclosing types.
  var suite: String { ([test.id.moduleName] + test.id.nameComponents.dropLast()).joined(separator: ".") }

  /// `deliversDespiteLoss()`.
  var function: String { test.id.nameComponents.last ?? test.name }

  /// The `swift test --filter` value for this test alone.
  var filter: String { "\(suite)/\(function.prefix { $0 != "(" })" }

  /// Runs the body over `seeds` (nil: once, for a test without seeds), then records the grade.
  func run(seeds: [UInt64]?, testCase: Test.Case?, body: @Sendable () async throws -> Void) async throws {
    let environment = ProcessInfo.processInfo.environment
    let report = environment[GradeRecord.reportVariable]
    let started = Date()
    if let report { try? record(.start).append(to: report) }

    var failingSeeds: [UInt64] = []
    var firstFailure: String?
    var thrown: (any Error)?
    for seed in seeds ?? [0] {
      if let report, seeds != nil {
        var marker = record(.seed)
        marker.seed = seed
        try? marker.append(to: report)
      }
      let replay = Replay.command(filter: filter, seed: seeds == nil ? nil : seed, environment: environment)
      let isQuiet = failingSeeds.count >= Self.seedsShownInFull
      let failures = FailureLog()
      let handler = IssueHandlingTrait.compactMapIssues { issue in
        guard issue.isFailure else { return issue }
        failures.note(Self.summary(of: issue))
        if isQuiet { return nil }
        var issue = issue
        if seeds != nil { issue.comments.append("seed \(seed) — replay: \(replay)") }
        return issue
      }
      do {
        let recording = TraceRecording.Pending()
        try await Seeds.$running.withValue(seeds == nil ? nil : seed) {
          defer { TraceRecording.save(recording.log) }  // with DISTLAB_TRACE: the seed's last run
          try await TraceRecording.$pending.withValue(recording) {
            try await handler.provideScope(for: test, testCase: testCase) { try await body() }
          }
        }
      } catch {
        if failures.first == nil {
          // An error thrown with no issue before it (`#require` records its issue first).
          failures.note("caught error: \(error)")
          if seeds == nil {
            thrown = error
          } else if !isQuiet {
            Issue.record(error, "seed \(seed) — replay: \(replay)", sourceLocation: test.sourceLocation)
          }
        }
      }
      if let failure = failures.first {
        if seeds != nil { failingSeeds.append(seed) }
        firstFailure = firstFailure ?? failure
      }
    }

    if let seeds, !failingSeeds.isEmpty, seeds.count > 1 {
      let passed = seeds.count - failingSeeds.count
      let listed = failingSeeds.prefix(20).map(String.init).joined(separator: ", ") + (failingSeeds.count > 20 ? ", …" : "")
      Issue.record(
        """
        failed on \(failingSeeds.count) of \(seeds.count) seeds (passed \(passed), \
        \(Int((Double(passed) / Double(seeds.count) * 100).rounded()))%): \(listed); \
        replay the first: \(Replay.command(filter: filter, seed: failingSeeds[0], environment: environment))
        """,
        sourceLocation: test.sourceLocation)
    }

    if let report {
      let runs = seeds?.count ?? 1
      let failed = seeds == nil ? (firstFailure == nil ? 0 : 1) : failingSeeds.count
      var finish = record(.finish)
      finish.seedsRun = runs
      finish.seedsPassed = runs - failed
      finish.failingSeeds = failingSeeds
      finish.firstFailure = firstFailure
      finish.seconds = Date().timeIntervalSince(started)
      try? finish.append(to: report)
    }
    if let thrown { throw thrown }
  }

  private func record(_ event: GradeRecord.Event) -> GradeRecord {
    GradeRecord(
      event: event, suite: suite, test: function, name: test.displayName ?? test.name, line: test.sourceLocation.line,
      points: points ?? 0, isGraded: points != nil, filter: filter, isRandomized: test.traits.contains { $0 is SeedsTrait })
  }

  /// An issue as text: what failed and the test's own comment, without the replay we add.
  static func summary(of issue: Issue) -> String {
    var parts = issue.comments.map(\.rawValue)
    if case .unconditional = issue.kind {} else { parts.insert(issue.kind.description, at: 0) }
    let text = parts.joined(separator: " — ")
    return text.count > 600 ? String(text.prefix(599)) + "…" : text
  }
}

/// The failures recorded during one seed's run (issues may arrive from several tasks).
private final class FailureLog: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []

  func note(_ message: String) { lock.withLock { messages.append(message) } }

  var first: String? { lock.withLock { messages.first } }
}
