/// Everything a node may do or know while it handles one event.
///
/// A context records the node's actions as `effects` rather than performing them; the simulator
/// (or the exploration executor, or a test) interprets them afterwards. To unit-test a handler,
/// make a context, call the handler once and compare `effects` with `==`.
public struct Context<N: Node> {
  /// The node handling the event.
  public let me: NodeID
  /// The node's local clock reading (true virtual time adjusted by the node's clock skew and drift).
  public internal(set) var now: Duration
  /// The seeded generator for every random choice the node makes.
  public var random: SimulationRandom
  /// The node's durable storage; writes are stable as soon as the handler returns.
  public var storage: N.Storage
  /// What the node did during this event, in order.
  public internal(set) var effects: [Effect<N>] = []

  /// Creates a standalone context, e.g. to call one handler in a unit test.
  public init(me: NodeID, now: Duration = .zero, seed: UInt64 = 0, storage: N.Storage = N.Storage()) {
    self.me = me
    self.now = now
    self.random = SimulationRandom(seed: seed)
    self.storage = storage
  }

  /// Creates a context around an existing generator and effect buffer (the executors' hot path).
  init(me: NodeID, now: Duration, random: SimulationRandom, storage: N.Storage, effects: [Effect<N>]) {
    self.me = me
    self.now = now
    self.random = random
    self.storage = storage
    self.effects = effects
  }

  /// Sends `message` to `destination` over the simulated network.
  public mutating func send(_ message: N.Message, to destination: NodeID) {
    effects.append(.send(message, to: destination))
  }

  /// Sends `message` to each destination in turn (one send effect each, in the order given).
  public mutating func broadcast(_ message: N.Message, to destinations: some Sequence<NodeID>) {
    for destination in destinations { effects.append(.send(message, to: destination)) }
  }

  /// Arranges for `timerFired(timer)` after `delay` of the node's local time.
  ///
  /// Setting a timer that is already pending adds a second one. A crash discards all of a node's timers.
  public mutating func setTimer(_ timer: N.Timer, after delay: Duration) {
    effects.append(.setTimer(timer, after: delay))
  }

  /// Cancels every pending timer equal to `timer` that this node set before now.
  public mutating func cancelTimer(_ timer: N.Timer) {
    effects.append(.cancelTimer(timer))
  }

  /// Answers the client operation the workload invoked on this node.
  public mutating func complete(_ completion: Completion) {
    effects.append(.complete(completion))
  }

  /// Writes a line to the trace, attributed to this node at this instant.
  public mutating func log(_ text: String) {
    effects.append(.log(text))
  }

  /// Records a mistake in the node's code (e.g. an impossible state) without stopping the run.
  public mutating func reportIssue(_ text: String) {
    effects.append(.issue(text))
  }
}

/// One action a node took while handling an event.
public enum Effect<N: Node>: Hashable {
  /// A message sent to one node.
  case send(N.Message, to: NodeID)
  /// A timer set to fire after a delay of local time.
  case setTimer(N.Timer, after: Duration)
  /// Pending timers equal to this one are cancelled.
  case cancelTimer(N.Timer)
  /// The current client operation finished.
  case complete(Completion)
  /// A line for the trace.
  case log(String)
  /// A mistake the node detected in itself.
  case issue(String)
}
