import Simulation

/// A replica of the ABD register: it keeps the newest (tag, value) it has seen on stable storage.
///
/// Everything the replica knows is durable, so a crash-restart loses nothing it acknowledged.
public struct RegisterReplica: Hashable, Sendable {
  public init() {}

  mutating func receive(_ message: RegisterMessage, from sender: NodeID, context: inout Context<RegisterNode>) {
    switch message {
    case .query(let request):
      context.send(
        .queryReply(request: request, tag: context.storage.tag, value: context.storage.value), to: sender)
    case .update(let request, let tag, let value):
      if tag > context.storage.tag {
        context.storage.tag = tag
        context.storage.value = value
      }
      context.send(.updateAcknowledgement(request: request), to: sender)
    case .queryReply, .updateAcknowledgement:
      context.reportIssue("replica \(context.me) got a client-bound message from \(sender)")
    }
  }
}
