import Foundation

/// One line of a grade report: what a graded test tells `distlab grade` about itself.
///
/// A lab's suite writes these when the environment variable `DISTLAB_GRADE_REPORT` names a file:
/// a `start` line when a test with `.points` or `.seeds` begins, a `seed` line before each seed of
/// a randomized test, and a `finish` line with its result when it ends, one JSON object per line. A
/// `start` with no `finish` means the test process died inside that test, at the last seed named.
public struct GradeRecord: Codable, Hashable, Sendable {
  /// Whether the test began, began one seed, or ended.
  public enum Event: String, Codable, Hashable, Sendable {
    case start, seed, finish
  }

  /// Whether the test began, began one seed (`seed` says which), or ended.
  public var event: Event
  /// In a `seed` record: the seed about to run, which is the one to blame if no `finish` follows.
  public var seed: UInt64?
  /// The suite's identifier: the test module and the enclosing types, e.g. `WarmupTests.ReliableBroadcastTests`.
  public var suite: String
  /// The test function, e.g. `deliversDespiteLoss()`.
  public var test: String
  /// The test's display name (the sentence in `@Test("…")`), or its function name.
  public var name: String
  /// The source line of the test, to list tests in the order they are written.
  public var line: Int
  /// What passing the test is worth (0 for an ungraded test).
  public var points: Int
  /// Whether the test carries points; an ungraded test (e.g. a differential run) only informs.
  public var isGraded: Bool
  /// The `swift test --filter` value that selects this test alone.
  public var filter: String
  /// Whether the test runs over seeds (`.seeds(n)`).
  public var isRandomized: Bool
  /// Seeds (or runs, for a test without seeds) finished; 0 in a `start` record.
  public var seedsRun: Int
  /// Seeds that passed.
  public var seedsPassed: Int
  /// Every seed that failed, in the order run.
  public var failingSeeds: [UInt64]
  /// The first failure's message, shortened.
  public var firstFailure: String?
  /// Wall-clock seconds the test took.
  public var seconds: Double

  /// Creates a record.
  public init(
    event: Event, suite: String, test: String, name: String, line: Int, points: Int, isGraded: Bool = true,
    filter: String, isRandomized: Bool, seedsRun: Int = 0, seedsPassed: Int = 0, failingSeeds: [UInt64] = [],
    firstFailure: String? = nil, seconds: Double = 0
  ) {
    self.event = event
    self.suite = suite
    self.test = test
    self.name = name
    self.line = line
    self.points = points
    self.isGraded = isGraded
    self.filter = filter
    self.isRandomized = isRandomized
    self.seedsRun = seedsRun
    self.seedsPassed = seedsPassed
    self.failingSeeds = failingSeeds
    self.firstFailure = firstFailure
    self.seconds = seconds
  }

  /// The suite and test together, unique within a run.
  public var key: String { "\(suite)/\(test)" }

  /// The environment variable that names the report file.
  public static let reportVariable = "DISTLAB_GRADE_REPORT"
}

extension GradeRecord {
  private static let lock = NSLock()

  /// Appends this record as one JSON line to `path`, creating the file if needed.
  ///
  /// Safe to call from tests running in parallel in one process.
  public func append(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var line = try encoder.encode(self)
    line.append(UInt8(ascii: "\n"))
    try Self.lock.withLock {
      if !FileManager.default.fileExists(atPath: path) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
      }
      guard let handle = FileHandle(forWritingAtPath: path) else {
        throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
      }
      defer { try? handle.close() }
      try handle.seekToEnd()
      try handle.write(contentsOf: line)
    }
  }

  /// Reads every record in a report file; lines that are not records (a torn last line) are skipped.
  public static func read(from path: String) -> [GradeRecord] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let decoder = JSONDecoder()
    return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(GradeRecord.self, from: $0) }
  }
}
