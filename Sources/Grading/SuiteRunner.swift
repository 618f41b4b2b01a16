import Foundation

/// Runs one lab's graded suite with `swift test` in a subprocess and turns what the suite reported
/// into a `LabGrade`.
///
/// The subprocess gets `DISTLAB_SOLUTION` (for the learner's workspace), `DISTLAB_SEEDS` (when a
/// seed count is given) and `DISTLAB_GRADE_REPORT` (a file the suite's graded tests append their
/// results to). A suite that does not build scores 0 with the compiler's first error. A test that
/// crashes the test process scores 0 and the suite runs again, one test at a time, without the
/// tests already graded, so one trap costs only its own test's points.
public struct SuiteRunner: Sendable {
  /// The package root.
  public var root: String
  /// The `swift` executable.
  public var swift: String
  /// The `--scratch-path` for `swift test` (relative to the root, or absolute).
  public var scratchPath: String
  /// Which implementation to grade.
  public var implementation: Implementation
  /// With `.solution`: every lab to build from its workspace (the same set for every run of a
  /// grading session, so the build configuration does not flip between labs).
  public var solutionLabs: [String]
  /// Seeds per randomized test, or nil for each test's own count.
  public var seeds: Int?
  /// How long one lab may take, build included, before grading stops it.
  public var timeLimit: Duration

  /// Creates a runner.
  public init(
    root: String, swift: String, scratchPath: String, implementation: Implementation, solutionLabs: [String],
    seeds: Int?, timeLimit: Duration
  ) {
    self.root = root
    self.swift = swift
    self.scratchPath = scratchPath
    self.implementation = implementation
    self.solutionLabs = solutionLabs
    self.seeds = seeds
    self.timeLimit = timeLimit
  }

  /// What a running grade reports a few times a second.
  public struct Progress: Sendable {
    /// The lab being graded.
    public var lab: String
    /// Whether `swift test` is still building.
    public var isBuilding: Bool
    /// Tests with `.points` or `.seeds` finished so far.
    public var testsGraded: Int
    /// Seconds since this lab started.
    public var elapsed: Double
  }

  /// The first `swift` on `PATH`, else the toolchain's usual place.
  public static func defaultSwift(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    for folder in (environment["PATH"] ?? "").split(separator: ":") {
      let candidate = "\(folder)/swift"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return "/opt/swift/usr/bin/swift"
  }

  /// The environment assignments a replay command needs, e.g. `DISTLAB_SOLUTION=Warmup `.
  func replayPrefix(for lab: Lab) -> String {
    implementation == .solution ? "DISTLAB_SOLUTION=\(lab.name) " : ""
  }

  /// Grades one lab, calling `progress` about once a second while `swift test` runs.
  public func grade(_ lab: Lab, progress: (Progress) -> Void = { _ in }) -> LabGrade {
    let started = Date()
    let folder = scratchFolder.appendingPathComponent("distlab-grade")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let stem = "\(lab.shortName)-\(implementation.rawValue)"
    let log = folder.appendingPathComponent("\(stem).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)

    var grade = LabGrade(
      lab: lab.name, folder: lab.folder, implementation: implementation, status: .graded, problem: nil, tests: [],
      declaredPoints: declaredPoints(of: lab), seconds: 0, log: displayPath(log.path))
    var records: [GradeRecord] = []
    var crashed: [String: (TestGrade.Outcome, String)] = [:]
    var oneAtATime = false
    for attempt in 1...50 {  // each rerun grades at least one more test, so this ends well before the cap
      let report = folder.appendingPathComponent("\(stem)-\(attempt).jsonl")
      try? FileManager.default.removeItem(at: report)
      let skip = Set(records.map(\.key)).union(crashed.keys).sorted()
      let run = runSuite(
        lab, report: report.path, log: log.path, skip: skip, oneAtATime: oneAtATime, started: started, progress: progress)
      if !run.output.contains("Build complete!") && !run.succeeded && !run.timedOut {
        grade.status = .buildFailed
        grade.problem = firstError(in: run.output) ?? "swift test exited with status \(run.status) before building"
        break
      }
      let new = GradeRecord.read(from: report.path)
      let finishedKeys = Set(new.filter { $0.event == .finish }.map(\.key))
      let unfinished = Set(new.filter { $0.event == .start }.map(\.key)).subtracting(finishedKeys)
      records += new.filter { finishedKeys.contains($0.key) }
      let unfinishedStarts = new.filter { $0.event != .finish && unfinished.contains($0.key) }
      if run.timedOut {
        for key in unfinished { crashed[key] = (.timedOut, "still running when grading stopped") }
        records += unfinishedStarts
        grade.status = .timedOut
        grade.problem = "stopped after \(timeLimit) (--timeout); tests that had not finished score 0"
        break
      }
      if unfinished.isEmpty {
        if !run.succeeded && isCrash(run.output) {
          grade.problem = "the test process crashed outside the graded tests, so some may not have run (\(crashMessage(in: run.output)))"
        }
        break
      }
      // Tests run in parallel at first, so only a run one test at a time tells which one crashed.
      if oneAtATime {
        let why = crashMessage(in: run.output)
        for key in unfinished { crashed[key] = (.crashed, why) }
        records += unfinishedStarts
      }
      oneAtATime = true  // rerun the rest one at a time, without what is already graded
    }

    let byKey = Dictionary(grouping: records, by: \.key)
    grade.tests = byKey.keys.sorted().compactMap { key in
      let (outcome, message) = crashed[key] ?? (.crashed, "")
      return TestGrade(
        records: byKey[key]!, replayPrefix: replayPrefix(for: lab), unfinished: outcome, crashMessage: message)
    }.sorted { ($0.isGraded ? 0 : 1, $0.suite, $0.line, $0.test) < ($1.isGraded ? 0 : 1, $1.suite, $1.line, $1.test) }
    if grade.status == .graded && grade.tests.isEmpty {
      grade.status = .noResults
      let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      grade.problem = isCrash(output) ? crashMessage(in: output) : "no test with .points or .seeds reported a result"
    }
    grade.seconds = Date().timeIntervalSince(started)
    return grade
  }

  // MARK: - The subprocess

  private struct SuiteRun {
    var output: String
    var status: Int32
    var succeeded: Bool { status == 0 }
    var timedOut: Bool
  }

  private var scratchFolder: URL {
    scratchPath.hasPrefix("/") ? URL(fileURLWithPath: scratchPath) : URL(fileURLWithPath: root).appendingPathComponent(scratchPath)
  }

  /// The environment for `swift test`: the caller's, with the grading variables set and the replay
  /// variable removed.
  func environment(report: String) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["DISTLAB_SEED"] = nil
    environment["DISTLAB_SEEDS"] = seeds.map(String.init)
    environment[GradeRecord.reportVariable] = report
    environment["DISTLAB_SOLUTION"] = implementation == .solution ? solutionLabs.joined(separator: ",") : nil
    return environment
  }

  private func runSuite(
    _ lab: Lab, report: String, log: String, skip: [String], oneAtATime: Bool, started: Date,
    progress: (Progress) -> Void
  ) -> SuiteRun {
    let handle = FileHandle(forWritingAtPath: log)!
    defer { try? handle.close() }
    let offset = (try? handle.seekToEnd()) ?? 0
    var arguments = ["test", "--scratch-path", scratchPath, "--filter", "^\(lab.testTarget)\\."]
    for key in skip { arguments += ["--skip", NSRegularExpression.escapedPattern(for: key)] }
    if oneAtATime { arguments.append("--no-parallel") }
    handle.write(Data("$ swift \(arguments.joined(separator: " "))\n".utf8))

    let process = Process()
    process.executableURL = URL(fileURLWithPath: swift)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    process.environment = environment(report: report)
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = handle
    process.standardError = handle
    do {
      try process.run()
    } catch {
      return SuiteRun(output: "error: cannot run \(swift): \(error)", status: -1, timedOut: false)
    }
    var timedOut = false
    var lastReport = Date.distantPast
    var isBuilding = true
    while process.isRunning {
      Thread.sleep(forTimeInterval: 0.2)
      let elapsed = Date().timeIntervalSince(started)
      if elapsed > Double(timeLimit.components.seconds) {
        timedOut = true
        process.terminate()
        Thread.sleep(forTimeInterval: 3)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        break
      }
      if Date().timeIntervalSince(lastReport) >= 1 {
        lastReport = Date()
        if isBuilding { isBuilding = !(tail(of: log, from: offset).contains("Build complete!")) }
        let graded = GradeRecord.read(from: report).filter { $0.event == .finish }.count
        progress(Progress(lab: lab.name, isBuilding: isBuilding, testsGraded: graded, elapsed: elapsed))
      }
    }
    process.waitUntilExit()
    return SuiteRun(output: tail(of: log, from: offset), status: process.terminationStatus, timedOut: timedOut)
  }

  private func tail(of path: String, from offset: UInt64) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    defer { try? handle.close() }
    try? handle.seek(toOffset: offset)
    return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
  }

  // MARK: - Reading the output

  /// The compiler's (or SwiftPM's) first error, with the package root taken off its path.
  func firstError(in output: String) -> String? {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    let line = lines.first { $0.contains(": error: ") } ?? lines.first { $0.hasPrefix("error: ") }
    return line.map { $0.replacingOccurrences(of: root.hasSuffix("/") ? root : root + "/", with: "") }
  }

  /// Whether the output shows the test process dying (a trap, a signal) rather than tests failing.
  func isCrash(_ output: String) -> Bool {
    ["Program crashed", "Fatal error", "Precondition failed", "signal code"].contains { output.contains($0) }
  }

  /// Why the test process died: its fatal error line, or SwiftPM's note about the signal.
  func crashMessage(in output: String) -> String {
    let lines = output.split(separator: "\n").map(String.init)
    if let fatal = lines.first(where: { $0.contains("Fatal error") || $0.contains("Precondition failed") }) {
      return "crashed: " + fatal.replacingOccurrences(of: root.hasSuffix("/") ? root : root + "/", with: "")
    }
    if let signal = lines.first(where: { $0.contains("signal") && $0.contains("error") }) { return "crashed: " + signal }
    return "the test process stopped inside this test"
  }

  /// The points the suite's source files declare with `.points(n)`.
  func declaredPoints(of lab: Lab) -> Int {
    let folder = URL(fileURLWithPath: root).appendingPathComponent("Tests/\(lab.testTarget)")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let pattern = try! NSRegularExpression(pattern: #"\.points\((\d+)\)"#)
    var total = 0
    for file in files where file.hasSuffix(".swift") {
      guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { continue }
      for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        total += Int((text as NSString).substring(with: match.range(at: 1))) ?? 0
      }
    }
    return total
  }

  private func displayPath(_ path: String) -> String {
    let prefix = root.hasSuffix("/") ? root : root + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }
}
