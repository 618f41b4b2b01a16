/// The models `distlab check --model` knows, by name.
public enum ModelCatalog {
  /// Every model name, in the order help text lists them.
  public static let names = [
    RegisterModel.name, CASRegisterModel.name, KeyValueModel.name, CounterModel.name, SetModel.name,
    QueueModel.name, LogModel.name,
  ]

  /// Checks `history` for linearizability against the model called `name`.
  ///
  /// - Throws: `HistoryParseError.unknownFormat` for an unknown model name, `badField` for an
  ///   operation the model cannot read.
  public static func checkLinearizability(
    _ history: History, model name: String, timeLimit: Duration? = nil, maxStates: Int = 20_000_000,
    findsShortestPrefix: Bool = true, onProgress: (@Sendable (String) -> Void)? = nil
  ) throws(HistoryParseError) -> LinearizabilityResult {
    struct Check: ModelVisitor {
      let history: History, timeLimit: Duration?, maxStates: Int, findsShortestPrefix: Bool
      let onProgress: (@Sendable (String) -> Void)?
      func visit<M: Model>(_ model: M) throws(HistoryParseError) -> LinearizabilityResult {
        var checker = LinearizabilityChecker(model: model, timeLimit: timeLimit, maxStates: maxStates, onProgress: onProgress)
        checker.findsShortestPrefix = findsShortestPrefix
        return try checker.check(history)
      }
    }
    return try visit(
      name, source: history.source,
      Check(history: history, timeLimit: timeLimit, maxStates: maxStates, findsShortestPrefix: findsShortestPrefix, onProgress: onProgress))
  }

  /// Checks `history` for sequential consistency against the model called `name`.
  public static func checkSequentialConsistency(
    _ history: History, model name: String, timeLimit: Duration? = nil, maxStates: Int = 20_000_000
  ) throws(HistoryParseError) -> SequentialConsistencyResult {
    struct Check: ModelVisitor {
      let history: History, timeLimit: Duration?, maxStates: Int
      func visit<M: Model>(_ model: M) throws(HistoryParseError) -> SequentialConsistencyResult {
        try SequentialConsistencyChecker(model: model, timeLimit: timeLimit, maxStates: maxStates).check(history)
      }
    }
    return try visit(name, source: history.source, Check(history: history, timeLimit: timeLimit, maxStates: maxStates))
  }

  /// Calls `visitor` with the model called `name`.
  public static func visit<V: ModelVisitor>(_ name: String, source: String, _ visitor: V) throws(HistoryParseError) -> V.Result {
    switch name {
    case RegisterModel.name: return try visitor.visit(RegisterModel())
    case CASRegisterModel.name: return try visitor.visit(CASRegisterModel())
    case KeyValueModel.name: return try visitor.visit(KeyValueModel())
    case CounterModel.name: return try visitor.visit(CounterModel())
    case SetModel.name: return try visitor.visit(SetModel())
    case QueueModel.name: return try visitor.visit(QueueModel())
    case LogModel.name: return try visitor.visit(LogModel())
    default:
      throw .unknownFormat(file: source, reason: "unknown model '\(name)' (known: \(names.joined(separator: ", ")))")
    }
  }

  /// The model a history's operation names suggest, or nil when they fit none.
  public static func guessModel(for history: History) -> String? {
    let functions = Set(history.operations.map(\.function))
    if functions.isEmpty { return RegisterModel.name }
    if functions.contains("cas") && functions.isSubset(of: ["read", "write", "cas"]) { return CASRegisterModel.name }
    if functions.isSubset(of: ["read", "write"]) {
      // Jepsen's independent register tests put [key value] tuples in every value.
      let tupled = history.operations.allSatisfy { $0.key != nil || ($0.input.arrayValue?.count == 2) }
      return tupled && history.operations.contains(where: { $0.key == nil }) ? KeyValueModel.name : RegisterModel.name
    }
    if functions.isSubset(of: ["get", "put", "append", "read", "write"]) { return KeyValueModel.name }
    if functions.isSubset(of: ["add", "increment", "inc", "read"]) && functions.contains(where: { $0 != "add" && $0 != "read" }) == false
      && history.operations.allSatisfy({ $0.function != "add" || $0.input.isNull || $0.input.intValue != nil })
      && history.operations.allSatisfy({ $0.function != "read" || $0.output == nil || $0.output!.intValue != nil || $0.output!.isNull })
    {
      return CounterModel.name
    }
    if functions.isSubset(of: ["add", "read"]) { return SetModel.name }
    if functions.isSubset(of: ["enqueue", "dequeue"]) { return QueueModel.name }
    if functions.isSubset(of: ["append", "read"]) { return LogModel.name }
    return nil
  }
}

/// Something to do with a model chosen by name at run time, done with its concrete type (so the
/// checker is specialised for it).
public protocol ModelVisitor {
  associatedtype Result
  func visit<M: Model>(_ model: M) throws(HistoryParseError) -> Result
}
