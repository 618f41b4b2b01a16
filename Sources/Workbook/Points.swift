import Testing

/// What passing a graded test is worth: `@Test("…", .points(10))`.
///
/// When the environment variable `DISTLAB_GRADE_REPORT` names a file, a test with points appends
/// its result there (see `GradeRecord`), which is how `distlab grade` learns each test's points and
/// pass rate. A randomized test earns its points only when every seed passes.
public struct PointsTrait: TestTrait, TestScoping {
  /// The test's worth.
  public let points: Int

  public func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    // With `.seeds(n)` too, the seeds trait runs and grades the test.
    if test.traits.contains(where: { $0 is SeedsTrait }) { return try await function() }
    try await GradedRun(test: test, points: points).run(seeds: nil, testCase: testCase, body: function)
  }
}

extension Trait where Self == PointsTrait {
  /// Makes the test graded and worth `points`.
  public static func points(_ points: Int) -> Self {
    precondition(points >= 0, ".points(n) needs a non-negative number")
    return PointsTrait(points: points)
  }
}
