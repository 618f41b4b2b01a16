// Lab 07 (consensus), part 4: Raft. Given complete; read it, there is nothing to write here.

import Simulation

/// A node of a Raft cluster: a server, or a client that a workload drives. One type holds both
/// roles so that one simulator runs the whole system.
public enum Raft<Machine: ReplicatedStateMachine>: Node {
  public typealias Message = RaftMessage<Machine>
  public typealias Timer = RaftTimer
  public typealias Storage = RaftStorage<Machine>
  public typealias Operation = RaftOperation<Machine.Command>

  case server(RaftServer<Machine>)
  case client(RaftClient<Machine>)

  /// The server, if this node is one.
  public var server: RaftServer<Machine>? {
    if case .server(let server) = self { server } else { nil }
  }

  public mutating func start(context: inout Context<Raft>) {
    guard case .server(var server) = self else { return }
    server.start(context: &context)
    self = .server(server)
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<Raft>) {
    switch self {
    case .server(var server):
      server.receive(message, from: sender, context: &context)
      self = .server(server)
    case .client(var client):
      client.receive(message, from: sender, context: &context)
      self = .client(client)
    }
  }

  public mutating func timerFired(_ timer: RaftTimer, context: inout Context<Raft>) {
    switch self {
    case .server(var server):
      server.timerFired(timer, context: &context)
      self = .server(server)
    case .client(var client):
      client.timerFired(timer, context: &context)
      self = .client(client)
    }
  }

  public mutating func invoke(_ operation: Operation, context: inout Context<Raft>) {
    guard case .client(var client) = self else {
      context.reportIssue("server \(context.me) was asked to perform \(operation)")
      return
    }
    client.invoke(operation, context: &context)
    self = .client(client)
  }
}
