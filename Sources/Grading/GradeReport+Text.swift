import Foundation

extension GradeReport {
  /// The report for a terminal: a table per lab (test, points, pass rate over seeds, first failing
  /// seed with its replay command), then the total.
  public var text: String {
    var lines: [String] = []
    for lab in labs {
      lines.append(contentsOf: lab.textLines)
      lines.append("")
    }
    let seedNote = seeds.map { ", \($0) seeds per randomized test" } ?? ""
    lines.append("Total (\(implementation.rawValue)\(seedNote)): \(earned)/\(possible) points")
    return lines.joined(separator: "\n")
  }
}

extension LabGrade {
  /// This lab's table.
  var textLines: [String] {
    let header = "\(lab) (Labs/\(folder)) · \(implementation.rawValue) · \(String(format: "%.1f", seconds)) s"
    var lines = [header]
    switch status {
    case .buildFailed:
      lines.append("  the suite did not build: 0/\(possible) points")
      if let problem { lines.append("  first error: \(problem)") }
    case .noResults:
      lines.append("  no graded test reported a result: 0/\(possible) points")
      if let problem { lines.append("  \(problem)") }
    case .graded, .timedOut:
      if let problem { lines.append("  \(problem)") }
      lines.append(contentsOf: table)
      if declaredPoints > reported {
        lines.append("  tests that did not report: \(declaredPoints - reported) points, counted as lost")
      }
      lines.append("  \(lab): \(earned)/\(possible) points")
    }
    lines.append("  full output: \(log)")
    return lines
  }

  private var table: [String] {
    let nameWidth = min(70, max(4, tests.map { $0.name.count + 2 }.max() ?? 4))
    func pad(_ text: String, _ width: Int) -> String {
      text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
    func clip(_ text: String, _ width: Int) -> String {
      text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
    var rows = ["  " + pad("test", nameWidth) + pad("points", 10) + pad("seeds passed", 18) + "first failing seed"]
    for test in tests {
      let mark = test.outcome == .passed ? "✔" : "✘"
      let seeds: String
      switch test.outcome {
      case .crashed: seeds = "crashed"
      case .timedOut: seeds = "timed out"
      case .passed, .failed:
        seeds = test.isRandomized
          ? "\(test.seedsPassed)/\(test.seedsRun) (\(Int((test.passRate * 100).rounded()))%)"
          : (test.outcome == .passed ? "passed" : "failed")
      }
      let first = test.firstFailingSeed.map { "seed \($0)" } ?? (test.outcome == .passed ? "" : "-")
      let points = test.isGraded ? "\(test.earned)/\(test.points)" : "ungraded"
      rows.append(
        "  " + pad("\(mark) \(clip(test.name, nameWidth - 3))", nameWidth) + pad(points, 10) + pad(seeds, 18) + first)
      if test.outcome != .passed {
        if let failure = test.firstFailure {
          let why = failure.split(separator: "\n").prefix(8).map { clip(String($0), 150) }
          rows.append("      why: " + why.joined(separator: "\n           "))
        }
        if let replay = test.replay { rows.append("      replay: \(replay)") }
      }
    }
    return rows.map { String($0.reversed().drop { $0 == " " }.reversed()) }
  }
}
