import Foundation

extension GradeReport {
  /// The report as JUnit XML, the format course graders and CI systems read: one `testsuite` per
  /// lab, one `testcase` per graded test with its points as properties, and a `failure` element
  /// (message: pass rate and first failing seed; text: the replay command) for every test that
  /// lost its points. A lab that did not build is one failing `testcase` named `build`. Ungraded
  /// tests (differential runs) are left out: they inform, they do not score.
  public var junitXML: String {
    var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
    let failures = labs.reduce(0) { $0 + $1.junitFailures }
    let count = labs.reduce(0) { $0 + max(1, $1.gradedTests.count) }
    xml += #"<testsuites name="distlab grade \#(implementation.rawValue)" tests="\#(count)" failures="\#(failures)" points="\#(earned)" possible="\#(possible)">"# + "\n"
    for lab in labs {
      let time = String(format: "%.3f", lab.seconds)
      xml += #"  <testsuite name="\#(escape(lab.lab))Tests" tests="\#(max(1, lab.gradedTests.count))" failures="\#(lab.junitFailures)" time="\#(time)">"# + "\n"
      xml += "    <properties>\n"
      xml += #"      <property name="implementation" value="\#(implementation.rawValue)"/>"# + "\n"
      xml += #"      <property name="points" value="\#(lab.earned)"/>"# + "\n"
      xml += #"      <property name="possible" value="\#(lab.possible)"/>"# + "\n"
      xml += "    </properties>\n"
      if lab.gradedTests.isEmpty {
        xml += #"    <testcase classname="\#(escape(lab.lab))Tests" name="build" time="\#(time)">"# + "\n"
        let message = "\(lab.status.rawValue): \(lab.problem ?? "no graded test reported")"
        xml += #"      <failure message="\#(escape(message))" type="\#(lab.status.rawValue)"/>"# + "\n"
        xml += "    </testcase>\n"
      }
      for test in lab.gradedTests {
        xml += #"    <testcase classname="\#(escape(test.suite))" name="\#(escape(test.name))" time="\#(String(format: "%.3f", test.seconds))">"# + "\n"
        xml += "      <properties>\n"
        xml += #"        <property name="points" value="\#(test.points)"/>"# + "\n"
        xml += #"        <property name="earned" value="\#(test.earned)"/>"# + "\n"
        xml += #"        <property name="seeds" value="\#(test.seedsPassed)/\#(test.seedsRun)"/>"# + "\n"
        xml += "      </properties>\n"
        if test.outcome != .passed {
          var message = test.isRandomized ? "passed \(test.seedsPassed) of \(test.seedsRun) seeds" : test.outcome.rawValue
          if let seed = test.firstFailingSeed { message += "; first failing seed \(seed)" }
          var body = test.firstFailure ?? ""
          if let replay = test.replay { body += (body.isEmpty ? "" : "\n") + "replay: " + replay }
          xml += #"      <failure message="\#(escape(message))" type="\#(test.outcome.rawValue)">\#(escape(body))</failure>"# + "\n"
        }
        xml += "    </testcase>\n"
      }
      xml += "  </testsuite>\n"
    }
    xml += "</testsuites>\n"
    return xml
  }

  private func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\n": out += "&#10;"
      case "\t", "\r": out += " "
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if scalar.value < 0x20 { out += "?" } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }
}

extension LabGrade {
  var gradedTests: [TestGrade] { tests.filter(\.isGraded) }

  var junitFailures: Int { gradedTests.isEmpty ? 1 : gradedTests.filter { $0.outcome != .passed }.count }
}
