@testable import Checker

/// A reference linearizability checker for tiny histories: tries every order that respects real
/// time, with no memoisation and no pruning beyond the model. Exponential; only for tests.
struct BruteForceChecker<M: Model> {
  let model: M

  func isLinearizable(_ history: History) throws -> Bool {
    var operations: [(input: M.Input, output: M.Output?, call: Int, ret: Int?)] = []
    for op in history.operations {
      guard let (input, output) = try model.prepare(op) else { continue }
      operations.append((input, output, op.call, op.status == .pending ? nil : op.returnPosition))
    }
    var placed = Array(repeating: false, count: operations.count)

    func search(_ state: M.State) -> Bool {
      // Done when every completed operation is placed; pending ones may never take effect.
      if operations.indices.allSatisfy({ placed[$0] || operations[$0].ret == nil }) { return true }
      for i in operations.indices where !placed[i] {
        // i may go next only if no unplaced operation returned before i was called.
        let blocked = operations.indices.contains { j in
          !placed[j] && j != i && operations[j].ret.map { $0 < operations[i].call } == true
        }
        if blocked { continue }
        guard let next = model.step(state, operations[i].input, operations[i].output) else { continue }
        placed[i] = true
        if search(next) { return true }
        placed[i] = false
      }
      return false
    }
    return search(model.initialState)
  }
}

/// Seeded random histories over a few processes, with small value domains so that both verdicts occur.
struct RandomHistories {
  private var state: UInt64

  init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

  mutating func next(_ bound: Int) -> Int {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return Int(state % UInt64(bound))
  }

  /// Up to `operations` operations from `processes` processes, interleaved at random; each
  /// completion is ok, fail or left pending with the given chances.
  mutating func events(
    operations: Int, processes: Int, makeInvoke: (inout RandomHistories) -> (String, Value),
    makeOutput: (inout RandomHistories, String, Value) -> Value, failChance: Int = 10, pendingChance: Int = 15
  ) -> String {
    var open: [Int: (String, Value)] = [:]
    var started = 0
    var lines: [String] = []
    // A client whose operation is left pending continues as a new process, as Jepsen's do.
    var processOfSlot = Array(0..<processes)
    while started < operations || !open.isEmpty {
      let slot = next(processes)
      let process = processOfSlot[slot]
      if let (f, value) = open[slot] {
        open[slot] = nil
        let roll = next(100)
        if roll < pendingChance {  // never answered: pending
          processOfSlot[slot] += processes
          continue
        }
        let type = roll < pendingChance + failChance ? "fail" : "ok"
        let output = type == "ok" ? makeOutput(&self, f, value) : value
        lines.append(#"{"type":"\#(type)","process":\#(process),"f":"\#(f)","value":\#(JSONWriter.text(output))}"#)
      } else if started < operations {
        let (f, value) = makeInvoke(&self)
        open[slot] = (f, value)
        started += 1
        lines.append(#"{"type":"invoke","process":\#(process),"f":"\#(f)","value":\#(JSONWriter.text(value))}"#)
      }
    }
    return lines.joined(separator: "\n")
  }
}
