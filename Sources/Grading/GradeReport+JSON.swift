import Foundation

extension GradeReport {
  /// The report as JSON: every lab and test with points, pass rate, failing seeds and replay
  /// commands, plus the totals. Keys are sorted, so the same grades give the same bytes.
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(Summary(report: self))
  }

  /// The JSON document: the report's fields plus the derived totals a course grader wants.
  private struct Summary: Encodable {
    let report: GradeReport

    enum Keys: String, CodingKey {
      case implementation, seeds, labs, earned, possible
    }
    enum LabKeys: String, CodingKey {
      case lab, folder, status, problem, earned, possible, seconds, log, tests
    }
    enum TestKeys: String, CodingKey {
      case suite, test, name, graded, points, earned, outcome, seedsRun, seedsPassed, passRate, failingSeeds,
        firstFailingSeed, firstFailure, replay, seconds
    }

    func encode(to encoder: any Encoder) throws {
      var top = encoder.container(keyedBy: Keys.self)
      try top.encode(report.implementation, forKey: .implementation)
      try top.encode(report.seeds, forKey: .seeds)
      try top.encode(report.earned, forKey: .earned)
      try top.encode(report.possible, forKey: .possible)
      var labs = top.nestedUnkeyedContainer(forKey: .labs)
      for lab in report.labs {
        var object = labs.nestedContainer(keyedBy: LabKeys.self)
        try object.encode(lab.lab, forKey: .lab)
        try object.encode(lab.folder, forKey: .folder)
        try object.encode(lab.status, forKey: .status)
        try object.encode(lab.problem, forKey: .problem)
        try object.encode(lab.earned, forKey: .earned)
        try object.encode(lab.possible, forKey: .possible)
        try object.encode((lab.seconds * 1000).rounded() / 1000, forKey: .seconds)
        try object.encode(lab.log, forKey: .log)
        var tests = object.nestedUnkeyedContainer(forKey: .tests)
        for test in lab.tests {
          var row = tests.nestedContainer(keyedBy: TestKeys.self)
          try row.encode(test.suite, forKey: .suite)
          try row.encode(test.test, forKey: .test)
          try row.encode(test.name, forKey: .name)
          try row.encode(test.isGraded, forKey: .graded)
          try row.encode(test.points, forKey: .points)
          try row.encode(test.earned, forKey: .earned)
          try row.encode(test.outcome, forKey: .outcome)
          try row.encode(test.seedsRun, forKey: .seedsRun)
          try row.encode(test.seedsPassed, forKey: .seedsPassed)
          try row.encode((test.passRate * 1000).rounded() / 1000, forKey: .passRate)
          try row.encode(test.failingSeeds, forKey: .failingSeeds)
          try row.encode(test.firstFailingSeed, forKey: .firstFailingSeed)
          try row.encode(test.firstFailure, forKey: .firstFailure)
          try row.encode(test.replay, forKey: .replay)
          try row.encode((test.seconds * 1000).rounded() / 1000, forKey: .seconds)
        }
      }
    }
  }
}
