import ArgumentParser
import Foundation
import Grading
import Simulation

/// `distlab grade`: runs labs' graded suites and scores them. Exit 0 all points, 1 points lost,
/// 2 a lab could not be graded (it did not build, or ran out of time), 3 bad input.
struct GradeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grade",
    abstract: "Run labs' graded suites against the reference or your workspace and score them.",
    discussion: """
      Runs `swift test --filter <Lab>Tests` for each lab, with DISTLAB_SOLUTION=<Lab> for --impl \
      solution (your Labs/NN-name/Solution/ code), and prints a table per lab: each graded test, \
      its points, its pass rate over seeds and the first failing seed with the command that replays \
      it. A randomized test earns its points only when every seed passes.
      Labs are named by target, short name, folder or number (Warmup, warmup, 00-warmup, 0); \
      without any, every lab under Labs/ is graded.
      Exit status: 0 every point earned, 1 points lost, 2 a lab could not be graded (it did not \
      build, or ran out of time), 3 bad input (an unknown lab, --impl, --seeds or --timeout value).
      """
  )

  @Argument(help: "Labs to grade (default: all).")
  var labs: [String] = []

  @Option(help: "Which implementation to grade: reference (Reference/<Lab>/) or solution (Labs/NN-name/Solution/).")
  var impl = "reference"

  @Option(help: "Seeds per randomized test (default: each test's own count, usually 20).")
  var seeds: String?

  @Option(help: ArgumentHelp("Also write the result as JSON to this file.", valueName: "path"))
  var json: String?

  @Option(help: ArgumentHelp("Also write the result as JUnit XML to this file.", valueName: "path"))
  var junit: String?

  @Option(help: ArgumentHelp(
    "The scratch path for the suites' build; .build shares the build of your own `swift test` runs.",
    valueName: "path"))
  var scratchPath = ".build"

  @Option(help: ArgumentHelp("The DistLab checkout (default: the current folder or the nearest one above it).", valueName: "path"))
  var packagePath: String?

  @Option(help: "Stop a lab's build and run after this long, e.g. 10m.")
  var timeout = "20m"

  @Option(help: ArgumentHelp("The swift executable (default: the first on PATH).", valueName: "path"))
  var swift: String?

  /// What the options ask for, checked; a bad value is bad input (exit 3).
  private func request() throws(GradeInputError) -> (LabCatalog, [Lab], Implementation, Int?, Duration) {
    let implementation = try Implementation(parsing: impl)
    let seedCount = try seeds.map { (text) throws(GradeInputError) in try parseSeedCount(text) }
    guard let limit = Duration(parsing: timeout), limit > .zero else { throw .badTimeout(timeout) }
    let start = packagePath ?? FileManager.default.currentDirectoryPath
    guard let root = LabCatalog.packageRoot(from: start) else { throw .notAPackage(path: start) }
    let catalog = try LabCatalog(root: root)
    var chosen: [Lab] = []
    for name in labs {
      let lab = try catalog.lab(named: name)
      if !chosen.contains(lab) { chosen.append(lab) }
    }
    return (catalog, chosen.isEmpty ? catalog.labs : chosen, implementation, seedCount, limit)
  }

  mutating func run() throws {
    let (catalog, chosen, implementation, seedCount, limit): (LabCatalog, [Lab], Implementation, Int?, Duration)
    do {
      (catalog, chosen, implementation, seedCount, limit) = try request()
    } catch {
      printError("Error: \(error)")
      throw ExitCode(3)
    }
    let runner = SuiteRunner(
      root: catalog.root, swift: swift ?? SuiteRunner.defaultSwift(), scratchPath: scratchPath,
      implementation: implementation, solutionLabs: chosen.map(\.name), seeds: seedCount, timeLimit: limit)
    let progress = ProgressLine()
    var grades: [LabGrade] = []
    for lab in chosen {
      let grade = runner.grade(lab) { update in
        let phase = update.isBuilding ? "building" : "running tests, \(update.testsGraded) done"
        progress.show("grading \(lab.name) (\(implementation.rawValue)): \(phase) … \(Int(update.elapsed)) s")
      }
      progress.finish("graded \(lab.name) (\(implementation.rawValue)): \(grade.earned)/\(grade.possible) points in \(Int(grade.seconds.rounded())) s")
      grades.append(grade)
    }
    let report = GradeReport(implementation: implementation, seeds: seedCount, labs: grades)
    print(report.text)
    do {
      if let json { try report.json().write(to: URL(fileURLWithPath: json)) }
      if let junit { try Data(report.junitXML.utf8).write(to: URL(fileURLWithPath: junit)) }
    } catch {
      printError("Error: cannot write the result: \(error.localizedDescription)")
      throw ExitCode(3)
    }
    if grades.contains(where: { $0.status != .graded }) { throw ExitCode(2) }
    if !report.isPerfect { throw ExitCode(1) }
  }
}

/// One status line on standard error: rewritten in place on a terminal, printed every few seconds
/// (and whenever it changes phase) otherwise.
private final class ProgressLine {
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private var lastPhase = ""
  private var lastPrinted = Date.distantPast

  func show(_ line: String) {
    if isTerminal {
      FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
      return
    }
    let phase = String(line.prefix { $0 != "…" })
    if phase != lastPhase || Date().timeIntervalSince(lastPrinted) >= 10 {
      printError(line)
      lastPhase = phase
      lastPrinted = Date()
    }
  }

  func finish(_ line: String) {
    if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    printError(line)
    lastPhase = ""
  }
}
