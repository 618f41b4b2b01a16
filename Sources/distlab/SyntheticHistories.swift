import Checker
import Simulation

/// Generates histories shaped like the public benchmark histories of the field: clients whose
/// operations take effect at a random instant inside their interval (so the history is
/// linearizable), some never answered (their effect may land much later, or never), and an
/// optional corrupted read that makes it not linearizable.
struct SyntheticHistories {
  var random: SimulationRandom

  init(seed: UInt64) { random = SimulationRandom(seed: seed) }

  /// A CAS register (values 0-4) with `operations` operations from `workers` concurrent workers;
  /// about `pendingFraction` of writes and cases never return. Clients that time out continue as new
  /// processes, so process numbers grow as in Jepsen's etcd histories.
  mutating func casRegister(operations: Int, workers: Int, pendingFraction: Double, corrupt: Bool) -> String {
    var ops: [(process: Int, f: String, input: Value, call: Int, effect: Int?, ret: Int?)] = []
    var clock = Array(repeating: 0, count: workers)
    var process = Array(0..<workers)
    for _ in 0..<operations {
      let w = random.index(below: workers)
      let call = clock[w] + 1 + random.index(below: 20)
      let length = 5 + random.index(below: 60)
      let f: String
      let input: Value
      switch random.index(below: 3) {
      case 0: (f, input) = ("read", .null)
      case 1: (f, input) = ("write", .int(random.index(below: 5)))
      default: (f, input) = ("cas", .array([.int(random.index(below: 5)), .int(random.index(below: 5))]))
      }
      if f != "read" && random.chance(pendingFraction) {
        // Never answered: takes effect later (maybe much later), or not at all.
        let effect: Int? = random.chance(0.5) ? call + 1 + random.index(below: 400) : nil
        ops.append((process[w], f, input, call, effect, nil))
        process[w] += workers
        clock[w] = call + 30
      } else {
        ops.append((process[w], f, input, call, call + 1 + random.index(below: length - 1), call + length))
        clock[w] = call + length
      }
    }
    return render(ops: ops, corrupt: corrupt, initial: .null) { state, op in
      switch op.f {
      case "read": return (state, state)
      case "write": return (op.input, op.input)
      default:
        let pair = op.input.arrayValue!
        return state == pair[0] ? (pair[1], .string("ok")) : (state, .string("fail"))
      }
    }
  }

  /// A key-value store with `keys` keys, `clients` concurrent clients and `operations` operations of
  /// get, put and append (unique appended values, as test harnesses write them).
  mutating func keyValue(operations: Int, clients: Int, keys: Int, corrupt: Bool, appends: Bool = true) -> String {
    var events: [(time: Int, order: Int, line: String)] = []
    var clock = Array(repeating: 0, count: clients)
    var state: [Int: String] = [:]
    var planned: [(client: Int, f: String, key: Int, value: String, call: Int, effect: Int, ret: Int)] = []
    for i in 0..<operations {
      let c = random.index(below: clients)
      let call = clock[c] + 1 + random.index(below: 10)
      let length = 5 + random.index(below: 40)
      let key = random.index(below: keys)
      let f = ["get", "put", "append"][random.index(below: appends ? 3 : 2)]
      planned.append((c, f, key, "v\(i) ", call, call + 1 + random.index(below: length - 1), call + length))
      clock[c] = call + length
    }
    var results = Array(repeating: "", count: planned.count)
    for index in planned.indices.sorted(by: { planned[$0].effect < planned[$1].effect }) {
      let op = planned[index]
      switch op.f {
      case "get": results[index] = state[op.key, default: ""]
      case "put": state[op.key] = op.value
      default: state[op.key, default: ""] += op.value
      }
    }
    var corrupted = !corrupt
    for (index, op) in planned.enumerated() {
      var result = results[index]
      if !corrupted && op.f == "get" && index > planned.count / 2 && !result.isEmpty {
        result = String(result.dropLast(3))
        corrupted = true
      }
      let invokeValue = op.f == "get" ? "nil" : "\"\(op.value)\""
      let okValue = op.f == "get" ? "\"\(result)\"" : invokeValue
      events.append((op.call, index * 2, "{:process \(op.client), :type :invoke, :f :\(op.f), :key \"\(op.key)\", :value \(invokeValue)}"))
      events.append((op.ret, index * 2 + 1, "{:process \(op.client), :type :ok, :f :\(op.f), :key \"\(op.key)\", :value \(okValue)}"))
    }
    events.sort { ($0.time, $0.order) < ($1.time, $1.order) }
    return events.map(\.line).joined(separator: "\n")
  }

  private func render(
    ops: [(process: Int, f: String, input: Value, call: Int, effect: Int?, ret: Int?)], corrupt: Bool,
    initial: Value,
    apply: (Value, (process: Int, f: String, input: Value, call: Int, effect: Int?, ret: Int?)) -> (Value, Value)
  ) -> String {
    var state = initial
    var outputs = Array(repeating: Value.null, count: ops.count)
    for index in ops.indices.filter({ ops[$0].effect != nil }).sorted(by: { ops[$0].effect! < ops[$1].effect! }) {
      let (next, output) = apply(state, ops[index])
      state = next
      outputs[index] = output
    }
    var corrupted = !corrupt
    var events: [(time: Int, order: Int, line: String)] = []
    for (index, op) in ops.enumerated() {
      events.append((op.call, index * 2, #"{"type":"invoke","process":\#(op.process),"f":"\#(op.f)","value":\#(JSONWriter.text(op.input))}"#))
      guard let ret = op.ret else { continue }
      var type = "ok"
      var value = op.input
      if op.f == "read" {
        value = outputs[index]
        if !corrupted && index > ops.count / 2, let v = value.intValue {
          value = .int((v + 1) % 5)
          corrupted = true
        }
      } else if op.f == "cas" && outputs[index] == .string("fail") {
        type = "fail"
      }
      events.append((ret, index * 2 + 1, #"{"type":"\#(type)","process":\#(op.process),"f":"\#(op.f)","value":\#(JSONWriter.text(value))}"#))
    }
    events.sort { ($0.time, $0.order) < ($1.time, $1.order) }
    return events.map(\.line).joined(separator: "\n")
  }
}
