import Simulation
import Testing

@Suite("Fault schedule text")
struct FaultScheduleParsingTests {
  @Test("Every action parses, with ';' or newlines between entries")
  func parsesEveryAction() throws {
    let schedule = try FaultSchedule.parse(
      """
      at 5s partition n1,n2|n3; at 9s heal
      at 250ms block n1->n2
      # a comment line
      at 1.5s isolate 3; at 2m crash n2; at 100us restart n2; at 1s clock n1 -20ms 0.001
      """)
    #expect(
      schedule.entries == [
        .init(at: .seconds(5), .partition([[1, 2], [3]])),
        .init(at: .seconds(9), .heal),
        .init(at: .milliseconds(250), .block(from: 1, to: 2)),
        .init(at: .milliseconds(1500), .isolate(3)),
        .init(at: .seconds(120), .crash(2)),
        .init(at: .microseconds(100), .restart(2)),
        .init(at: .seconds(1), .clock(1, ClockModel(offset: .milliseconds(-20), drift: 0.001))),
      ])
  }

  @Test("Custom node names resolve through the name table")
  func customNames() throws {
    let schedule = try FaultSchedule.parse("at 1s partition alpha|beta", names: ["alpha": 1, "beta": 2])
    #expect(schedule.entries == [.init(at: .seconds(1), .partition([[1], [2]]))])
  }

  @Test("Mistakes name the entry and what is wrong",
    arguments: [
      ("at 1s heal; at 2x crash n1", 2, "'2x' is not a time"),
      ("at 1s explode n1", 1, "unknown action 'explode'"),
      ("partition n1|n2", 1, "expected 'at <time> <action>'"),
      ("at 1s partition n1", 1, "two or more groups"),
      ("at 1s crash", 1, "usage: at <time> crash n1"),
      ("at 1s crash n1 n2", 1, "usage: at <time> crash n1"),
      ("at 1s block n1-n2", 1, "usage: at <time> block n1->n2"),
      ("at 1s crash bob", 1, "unknown node 'bob'"),
      ("at 1s clock n1 5ms -2", 1, "not a drift rate"),
    ])
  func reportsMistakes(text: String, entry: Int, reason: String) {
    do {
      _ = try FaultSchedule.parse(text)
      Issue.record("'\(text)' parsed but should not")
    } catch {
      #expect(error.entry == entry)
      #expect(error.reason.contains(reason), "\(error)")
      #expect(error.description.contains("fault schedule entry \(entry)"))
    }
  }

  @Test("Times parse in every unit and reject nonsense")
  func durations() {
    #expect(Duration(parsing: "250ms") == .milliseconds(250))
    #expect(Duration(parsing: "1.5s") == .milliseconds(1500))
    #expect(Duration(parsing: "-2s") == .seconds(-2))
    #expect(Duration(parsing: "7ns") == .nanoseconds(7))
    #expect(Duration(parsing: "3µs") == .microseconds(3))
    #expect(Duration(parsing: "2m") == .seconds(120))
    for bad in ["", "s", "5", "5 s", "fives", "1e400s", "nan ms"] { #expect(Duration(parsing: bad) == nil, "\(bad)") }
  }
}
