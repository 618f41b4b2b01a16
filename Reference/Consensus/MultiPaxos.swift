import Simulation

/// Multi-Paxos with a stable leader: a replicated log of client commands, one Paxos instance per
/// slot (Lamport, "Paxos Made Simple", 2001, section 3; the leader, heartbeats and catch-up follow
/// Chandra, Griesemer and Redstone, "Paxos Made Live", 2007).
///
/// A node is a server or a client, in one type so that one simulator runs both (see
/// `RegisterNode` in the examples). Every server is proposer, acceptor and learner. A leader runs
/// phase 1 once, for every slot from its first unchosen one on, and then phase 2 alone for each new
/// command: one round trip. Servers that stop hearing the leader's heartbeats start phase 1 with a
/// higher ballot; the new leader re-proposes, in every slot the promises mention, the value accepted
/// in the highest ballot, and fills the other slots below the highest one with no-ops.
///
/// The state sits in optional fields rather than in enum payloads, so that a handler changes a
/// server's log in place instead of copying it on every event.
public struct MultiPaxos: Node {
  /// The server's state, or nil for a client.
  public private(set) var server: Server?
  /// The client's state, or nil for a server.
  public private(set) var client: Client?

  /// A server of the cluster `peers` (which includes `id`).
  ///
  /// - Parameters:
  ///   - maxBatch: the most commands the leader puts in one slot. With 1 (no batching) it proposes
  ///     each command at once in its own slot; with more, it keeps one proposal of new commands in
  ///     flight and collects the commands that arrive meanwhile into the next one.
  ///   - heartbeatInterval: how often the leader shows it is alive and resends unanswered proposals.
  ///   - electionTimeout: a follower that hears no leader for a random time in
  ///     `electionTimeout ..< 2·electionTimeout` starts phase 1 with a higher ballot.
  public static func server(
    id: NodeID, peers: [NodeID], maxBatch: Int = 1,
    heartbeatInterval: Duration = .milliseconds(20), electionTimeout: Duration = .milliseconds(100)
  ) -> MultiPaxos {
    var node = MultiPaxos()
    node.server = Server(
      id: id, peers: peers, maxBatch: maxBatch, heartbeatInterval: heartbeatInterval,
      electionTimeout: electionTimeout)
    return node
  }

  /// A client of the servers `servers`; it resends a command that gets no answer within
  /// `retryInterval` to the next server. A workload drives it, or else it appends the values of
  /// `script` by itself, one after another (for the explorer, which drives no workload).
  public static func client(
    id: NodeID, servers: [NodeID], retryInterval: Duration = .milliseconds(100), script: [Int] = []
  ) -> MultiPaxos {
    var node = MultiPaxos()
    node.client = Client(id: id, servers: servers, retryInterval: retryInterval, script: script)
    return node
  }

  private init() {}

  public mutating func start(context: inout Context<MultiPaxos>) {
    if server != nil {
      server!.start(context: &context)
    } else {
      client?.start(context: &context)
    }
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<MultiPaxos>) {
    if server != nil {
      server!.receive(message, from: sender, context: &context)
    } else {
      client?.receive(message, from: sender, context: &context)
    }
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<MultiPaxos>) {
    if server != nil {
      server!.timerFired(timer, context: &context)
    } else {
      client?.timerFired(timer, context: &context)
    }
  }

  public mutating func invoke(_ operation: Operation, context: inout Context<MultiPaxos>) {
    guard client != nil else {
      context.reportIssue("server \(context.me) was asked to perform \(operation)")
      return
    }
    client!.invoke(operation, context: &context)
  }
}
