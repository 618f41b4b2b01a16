/// A differentiated read/write history prepared for the causal checks: sessions, reads-from, and
/// a causal-order vector per operation.
struct CausalHistory {
  struct Op {
    var id: Int
    var session: Int
    /// Position within its session.
    var position: Int
    var key: Value
    var isWrite: Bool
    var value: Value
    /// For a read: the write it read from (an index into `ops`), nil for the initial value or thin air.
    var readsFrom: Int?
  }

  var ops: [Op]
  var sessions: [[Int]]  // op indices per session, in session order
  var writesOfKeyInSession: [Value: [[Int]]]  // key → per session, op indices of its writes in order
  let initial: Value

  /// Reads the history; fails with a reason when it does not fit the causal checks.
  static func build(_ history: History, initial: Value) -> Result<CausalHistory, CausalCheckInputError> {
    var sessionOf: [String: Int] = [:]
    var ops: [Op] = []
    var sessions: [[Int]] = []
    var writer: [Value: [Value: Int]] = [:]
    for op in history.operations {
      let isRead: Bool
      switch op.function {
      case "read", "get": isRead = true
      case "write", "put": isRead = false
      default:
        return .failure(.init(reason: "operation \(op.id) (line \(op.line)) is '\(op.function)'; causal checks take reads and writes only"))
      }
      if op.status == .fail { continue }
      if isRead && (op.status != .ok || op.output == nil) { continue }
      var key = op.key ?? .null
      var value = isRead ? op.output! : op.input
      if op.key == nil, let pair = (isRead ? op.output : op.input)?.arrayValue, pair.count == 2, history.operations.allSatisfy({ $0.key == nil }) {
        key = pair[0]
        value = pair[1]
      }
      let name = op.session ?? String(op.process)
      let session = sessionOf[name] ?? {
        sessions.append([])
        sessionOf[name] = sessions.count - 1
        return sessions.count - 1
      }()
      if !isRead {
        if value == initial {
          return .failure(.init(reason: "operation \(op.id) (line \(op.line)) writes the initial value \(initial); the history is not differentiated"))
        }
        if writer[key, default: [:]][value] != nil {
          return .failure(.init(reason: "value \(value) is written twice to key \(key) (again by operation \(op.id), line \(op.line)); the history is not differentiated"))
        }
        writer[key, default: [:]][value] = ops.count
      }
      ops.append(Op(id: op.id, session: session, position: sessions[session].count, key: key, isWrite: !isRead, value: value))
      sessions[session].append(ops.count - 1)
    }
    for i in ops.indices where !ops[i].isWrite && ops[i].value != initial {
      ops[i].readsFrom = writer[ops[i].key]?[ops[i].value]
    }
    var writesOfKeyInSession: [Value: [[Int]]] = [:]
    for (i, op) in ops.enumerated() where op.isWrite {
      writesOfKeyInSession[op.key, default: Array(repeating: [], count: sessions.count)][op.session].append(i)
    }
    return .success(CausalHistory(ops: ops, sessions: sessions, writesOfKeyInSession: writesOfKeyInSession, initial: initial))
  }
}

extension CausalHistory {
  /// Session order (each operation to the next of its session) and reads-from (write to read), as edges.
  func sessionAndReadsFromEdges() -> [[Int]] {
    var edges = Array(repeating: [Int](), count: ops.count)
    for session in sessions { for (a, b) in zip(session, session.dropFirst()) { edges[a].append(b) } }
    for (r, op) in ops.enumerated() { if let w = op.readsFrom { edges[w].append(r) } }
    return edges
  }

  /// The causal order as one vector per operation (entry s: the last position in session s of an
  /// operation causally before or equal to it), or nil when session order and reads-from are cyclic.
  func causalOrder() -> CausalOrder? {
    guard let order = topologicalOrder(sessionAndReadsFromEdges()) else { return nil }
    var vector = Array(repeating: [Int32](), count: ops.count)
    for i in order {
      let op = ops[i]
      var v = op.position > 0 ? vector[sessions[op.session][op.position - 1]] : [Int32](repeating: -1, count: sessions.count)
      if let w = op.readsFrom { for s in v.indices { v[s] = max(v[s], vector[w][s]) } }
      v[op.session] = Int32(op.position)
      vector[i] = v
    }
    return CausalOrder(vector: vector)
  }
}

/// Causal vectors per operation, indexed by session.
struct CausalOrder {
  var vector: [[Int32]]
}

/// Why a history does not fit the causal checks.
struct CausalCheckInputError: Error {
  var reason: String
}
