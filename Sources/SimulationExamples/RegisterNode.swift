import Simulation

/// A node of the replicated-register example: a replica or a client, in one type so that one
/// simulator runs both roles.
public enum RegisterNode: Node {
  public typealias Message = RegisterMessage
  public typealias Timer = RegisterTimer
  public typealias Storage = RegisterReplicaStorage
  public typealias Operation = RegisterOperation

  case replica(RegisterReplica)
  case client(RegisterClient)

  public mutating func receive(_ message: RegisterMessage, from sender: NodeID, context: inout Context<RegisterNode>) {
    switch self {
    case .replica(var replica):
      replica.receive(message, from: sender, context: &context)
      self = .replica(replica)
    case .client(var client):
      client.receive(message, from: sender, context: &context)
      self = .client(client)
    }
  }

  public mutating func timerFired(_ timer: RegisterTimer, context: inout Context<RegisterNode>) {
    guard case .client(var client) = self else { return }
    client.timerFired(timer, context: &context)
    self = .client(client)
  }

  public mutating func invoke(_ operation: RegisterOperation, context: inout Context<RegisterNode>) {
    guard case .client(var client) = self else {
      context.reportIssue("replica \(context.me) was asked to perform \(operation)")
      return
    }
    client.invoke(operation, context: &context)
    self = .client(client)
  }
}
