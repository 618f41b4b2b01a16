import Checker
import Testing

@Suite("Happens-before and delivery order from message traces")
struct HappensBeforeTests {
  static let header = #"{"kind":"header","format":"distlab-trace/1","seed":1,"label":"t","nodes":["n1","n2","n3"],"clients":[]}"#

  func trace(_ lines: [String]) throws -> HappensBefore {
    try HappensBefore(MessageTrace.parse(([Self.header] + lines).joined(separator: "\n")))
  }

  func send(_ i: Int, _ from: String, _ to: String, _ msg: Int, _ summary: String = "m") -> String {
    #"{"index":\#(i),"time":\#(i),"kind":"send","node":"\#(from)","peer":"\#(to)","msg":\#(msg),"summary":"\#(summary)"}"#
  }

  func deliver(_ i: Int, _ at: String, _ from: String, _ msg: Int) -> String {
    #"{"index":\#(i),"time":\#(i),"kind":"deliver","node":"\#(at)","peer":"\#(from)","msg":\#(msg)}"#
  }

  @Test("Vector clocks order a send before its delivery, and leave unrelated events concurrent")
  func ordering() throws {
    let hb = try trace([send(0, "n1", "n2", 1), send(1, "n3", "n2", 2), deliver(2, "n2", "n1", 1), deliver(3, "n2", "n3", 2)])
    #expect(hb.happenedBefore(0, 2) && !hb.happenedBefore(2, 0))
    #expect(hb.areConcurrent(0, 1))
    #expect(hb.happenedBefore(0, 3), "n1's send precedes everything n2 does after receiving it")
    #expect(hb.vector[3] == [1, 2, 1] && hb.lamport[3] == 3)
  }

  @Test("Happens-before is a strict partial order and matches reachability along node order and messages")
  func partialOrder() throws {
    var lines: [String] = []
    var i = 0
    var msg = 0
    // A small ring of messages: n1 → n2 → n3 → n1, with local sends in between.
    for (from, to) in [("n1", "n2"), ("n2", "n3"), ("n3", "n1"), ("n1", "n3")] {
      lines.append(send(i, from, to, msg)); i += 1
      lines.append(deliver(i, to, from, msg)); i += 1
      msg += 1
    }
    let hb = try trace(lines)
    let n = lines.count
    // Reachability by hand: same-node order plus send → deliver edges, closed transitively.
    var reach = Array(repeating: Array(repeating: false, count: n), count: n)
    let events = hb.trace.events
    for a in 0..<n {
      for b in (a + 1)..<n where events[a].node == events[b].node { reach[a][b] = true }
      if events[a].kind == "send" { reach[a][a + 1] = true }
    }
    for k in 0..<n { for a in 0..<n { for b in 0..<n where reach[a][k] && reach[k][b] { reach[a][b] = true } } }
    for a in 0..<n {
      #expect(!hb.happenedBefore(a, a), "irreflexive")
      for b in 0..<n {
        #expect(hb.happenedBefore(a, b) == reach[a][b], "events \(a), \(b)")
        if hb.happenedBefore(a, b) { #expect(!hb.happenedBefore(b, a), "antisymmetric") }
      }
    }
  }

  @Test("FIFO: two messages from one sender received out of order")
  func fifo() throws {
    let bad = try trace([send(0, "n1", "n2", 1), send(1, "n1", "n2", 2), deliver(2, "n2", "n1", 2), deliver(3, "n2", "n1", 1)])
    let result = bad.check(.fifo)
    #expect(!result.isSatisfied && result.violations.first?.earlier == 1 && result.violations.first?.later == 2)
    let good = try trace([send(0, "n1", "n2", 1), send(1, "n1", "n2", 2), deliver(2, "n2", "n1", 1), deliver(3, "n2", "n1", 2)])
    #expect(good.check(.fifo).isSatisfied)
  }

  @Test("Causal: a reply overtakes the message it answers at a third node")
  func causal() throws {
    // n1 sends message 2 to n3, then message 1 to n2; n2, having received it, sends message 3 to n3;
    // n3 gets 3 before 2, although sending 2 happened before sending 3.
    let lines = [
      send(0, "n1", "n3", 2), send(1, "n1", "n2", 1), deliver(2, "n2", "n1", 1), send(3, "n2", "n3", 3),
      deliver(4, "n3", "n2", 3), deliver(5, "n3", "n1", 2),
    ]
    let hb = try trace(lines)
    #expect(hb.check(.fifo).isSatisfied, "FIFO holds: the two messages have different senders")
    let causal = hb.check(.causal)
    #expect(!causal.isSatisfied && causal.violations.first?.earlier == 2 && causal.violations.first?.later == 3)
  }

  @Test("Total order: two receivers see two multicasts in different orders")
  func total() throws {
    let lines = [
      send(0, "n1", "n2", 1, "a"), send(0, "n1", "n3", 2, "a"), send(1, "n2", "n3", 3, "b"), send(1, "n2", "n2", 4, "b"),
      deliver(2, "n3", "n1", 2), deliver(3, "n3", "n2", 3), deliver(4, "n2", "n2", 4), deliver(5, "n2", "n1", 1),
    ]
    let hb = try trace(lines.map { $0.replacingOccurrences(of: #""time":1,"#, with: #""time":1,"#) })
    let result = hb.check(.total)
    #expect(!result.isSatisfied)
    #expect(result.violations.first?.explanation.contains("the other way round") == true)
  }

  @Test("Malformed traces are typed errors with their line")
  func malformed() {
    #expect(throws: HistoryParseError.syntax(file: "<trace>", line: 1, column: nil, reason: "the trace must start with its header line")) {
      try MessageTrace.parse(#"{"index":0,"time":0,"kind":"start","node":"n1"}"#)
    }
    #expect(throws: HistoryParseError.missingField(file: "<trace>", line: 2, field: "msg")) {
      try MessageTrace.parse(Self.header + "\n" + #"{"index":0,"time":0,"kind":"send","node":"n1","peer":"n2"}"#)
    }
    #expect(throws: HistoryParseError.badField(file: "<trace>", line: 2, field: "node", expected: "a node named in the header", found: "\"n9\"")) {
      try MessageTrace.parse(Self.header + "\n" + #"{"index":0,"time":0,"kind":"start","node":"n9"}"#)
    }
    #expect(throws: HistoryParseError.badField(file: "<trace>", line: 2, field: "msg", expected: "the ID of a message sent earlier", found: "7")) {
      try HappensBefore(MessageTrace.parse(Self.header + "\n" + deliver(0, "n2", "n1", 7)))
    }
  }
}
