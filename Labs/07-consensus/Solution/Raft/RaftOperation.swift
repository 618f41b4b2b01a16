// Lab 07 (consensus), part 4: Raft. Given complete; read it, there is nothing to write here.

import Simulation

/// What a client of a Raft cluster asks for: a command for the replicated machine, or a change of
/// the cluster's membership, one server at a time.
public enum RaftOperation<Command: HistoryOperation>: HistoryOperation, CustomStringConvertible {
  case command(Command)
  /// Adds a server to the configuration.
  case addServer(NodeID)
  /// Removes a server from the configuration.
  case removeServer(NodeID)

  public var function: String {
    switch self {
    case .command(let command): command.function
    case .addServer: "add-server"
    case .removeServer: "remove-server"
    }
  }

  public var value: HistoryValue {
    switch self {
    case .command(let command): command.value
    case .addServer(let id), .removeServer(let id): .int(id.rawValue)
    }
  }

  public var description: String {
    switch self {
    case .command(let command): "\(command.function) \(command.value)"
    case .addServer(let id): "add \(id)"
    case .removeServer(let id): "remove \(id)"
    }
  }
}

/// A client's request as it travels and as the log remembers it: who asked, their request
/// number, and what for. The pair (client, sequence) makes a retried request recognisable.
public struct ClientRequest<Command: HistoryOperation>: Hashable, Sendable {
  public var client: NodeID
  public var sequence: Int
  public var operation: RaftOperation<Command>

  public init(client: NodeID, sequence: Int, operation: RaftOperation<Command>) {
    self.client = client
    self.sequence = sequence
    self.operation = operation
  }
}
