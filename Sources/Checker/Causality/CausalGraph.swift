/// The relations the causal checks work on, for drawing: each read/write operation with its
/// session, and which write each read read from.
public struct CausalGraph: Sendable {
  /// One operation as the causal checks see it.
  public struct Node: Sendable, Hashable {
    /// The operation's id in the history.
    public var id: Int
    /// Index of its session.
    public var session: Int
    public var isWrite: Bool
    public var key: Value
    public var value: Value
    /// For a read: the node index of the write it read from.
    public var readsFrom: Int?
  }

  /// Operations in session order, session by session.
  public var nodes: [Node]
  /// Node indices per session, in session order.
  public var sessions: [[Int]]

  /// Builds the graph; nil with the reason when the history does not fit the causal checks.
  public static func build(_ history: History, initial: Value = .null) -> (graph: CausalGraph?, reason: String?) {
    switch CausalHistory.build(history, initial: initial) {
    case .failure(let error): return (nil, error.reason)
    case .success(let causal):
      let nodes = causal.ops.map {
        Node(id: $0.id, session: $0.session, isWrite: $0.isWrite, key: $0.key, value: $0.value, readsFrom: $0.readsFrom)
      }
      return (CausalGraph(nodes: nodes, sessions: causal.sessions), nil)
    }
  }
}
