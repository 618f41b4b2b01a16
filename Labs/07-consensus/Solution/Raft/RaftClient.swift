// Lab 07 (consensus), part 4: Raft. Given complete; read it, there is nothing to write here.

import Simulation

/// A client of a Raft cluster: one request at a time, sent to the server it believes leads, and
/// resent (same request number) to the next server when no answer comes in time. The request
/// number lets the cluster apply a retried command once.
public struct RaftClient<Machine: ReplicatedStateMachine>: Hashable, Sendable {
  public typealias Context = Simulation.Context<Raft<Machine>>

  /// Every server that may lead, in the order the client tries them.
  public let servers: [NodeID]
  /// How long to wait for an answer before trying another server.
  public let retryInterval: Duration
  private var sequence = 0
  private var pending: RaftOperation<Machine.Command>?
  private var target = 0

  /// Creates a client of `servers`.
  public init(servers: [NodeID], retryInterval: Duration = .milliseconds(100)) {
    self.servers = servers.sorted()
    self.retryInterval = retryInterval
  }

  mutating func invoke(_ operation: RaftOperation<Machine.Command>, context: inout Context) {
    sequence += 1
    pending = operation
    send(context: &context)
  }

  mutating func receive(_ message: RaftMessage<Machine>, from sender: NodeID, context: inout Context) {
    switch message {
    case .reply(let s, let result) where s == sequence && pending != nil:
      pending = nil
      if let index = servers.firstIndex(of: sender) { target = index }
      context.cancelTimer(.retry(sequence: s))
      context.complete(result)
    case .redirect(let s, let leader?) where s == sequence && pending != nil && leader != sender:
      if let index = servers.firstIndex(of: leader) {
        target = index
        send(context: &context)
      }
    default:
      break  // an answer to an earlier request, a duplicate, or a redirect with no hint
    }
  }

  mutating func timerFired(_ timer: RaftTimer, context: inout Context) {
    guard case .retry(let s) = timer, s == sequence, pending != nil, !servers.isEmpty else { return }
    target = (target + 1) % servers.count
    send(context: &context)
  }

  private func send(context: inout Context) {
    guard let pending, !servers.isEmpty else { return }
    context.cancelTimer(.retry(sequence: sequence))
    context.send(
      .request(ClientRequest(client: context.me, sequence: sequence, operation: pending)), to: servers[target])
    context.setTimer(.retry(sequence: sequence), after: retryInterval)
  }
}
