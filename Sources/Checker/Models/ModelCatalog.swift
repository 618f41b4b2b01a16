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
    func run<M: Model>(_ model: M) throws(HistoryParseError) -> LinearizabilityResult {
      var checker = LinearizabilityChecker(model: model, timeLimit: timeLimit, maxStates: maxStates, onProgress: onProgress)
      checker.findsShortestPrefix = findsShortestPrefix
      return try checker.check(history)
    }
    switch name {
    case RegisterModel.name: return try run(RegisterModel())
    case CASRegisterModel.name: return try run(CASRegisterModel())
    case KeyValueModel.name: return try run(KeyValueModel())
    case CounterModel.name: return try run(CounterModel())
    case SetModel.name: return try run(SetModel())
    case QueueModel.name: return try run(QueueModel())
    case LogModel.name: return try run(LogModel())
    default:
      throw .unknownFormat(file: history.source, reason: "unknown model '\(name)' (known: \(names.joined(separator: ", ")))")
    }
  }

  /// Checks `history` for sequential consistency against the model called `name`.
  public static func checkSequentialConsistency(
    _ history: History, model name: String, timeLimit: Duration? = nil, maxStates: Int = 20_000_000
  ) throws(HistoryParseError) -> SequentialConsistencyResult {
    func run<M: Model>(_ model: M) throws(HistoryParseError) -> SequentialConsistencyResult {
      try SequentialConsistencyChecker(model: model, timeLimit: timeLimit, maxStates: maxStates).check(history)
    }
    switch name {
    case RegisterModel.name: return try run(RegisterModel())
    case CASRegisterModel.name: return try run(CASRegisterModel())
    case KeyValueModel.name: return try run(KeyValueModel())
    case CounterModel.name: return try run(CounterModel())
    case SetModel.name: return try run(SetModel())
    case QueueModel.name: return try run(QueueModel())
    case LogModel.name: return try run(LogModel())
    default:
      throw .unknownFormat(file: history.source, reason: "unknown model '\(name)' (known: \(names.joined(separator: ", ")))")
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
