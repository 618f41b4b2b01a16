import Simulation

/// A client of the ABD register (Attiya, Bar-Noy and Dolev, "Sharing memory robustly in
/// message-passing systems", JACM 1995), in its multi-writer form.
///
/// Both operations take two majority round trips. A read queries a majority, takes the value with
/// the highest tag and writes it back to a majority before returning it (so no later read can
/// return older). A write queries a majority for the highest tag, then stores its value under a
/// higher tag at a majority. Lost messages are resent until a majority answers.
public struct RegisterClient: Hashable, Sendable {
  enum Phase: Hashable, Sendable {
    case query(replies: [NodeID: Reply])
    case update(tag: RegisterTag, value: Int?, acknowledged: Set<NodeID>)
  }

  struct Reply: Hashable, Sendable {
    var tag: RegisterTag
    var value: Int?
  }

  /// The replicas, sorted.
  public let replicas: [NodeID]
  /// How long to wait before resending to replicas that have not answered.
  public let retryInterval: Duration
  private var request = 0
  private var operation: RegisterOperation?
  private var phase: Phase?

  /// Creates a client of the given replicas.
  public init(replicas: [NodeID], retryInterval: Duration = .milliseconds(50)) {
    self.replicas = replicas.sorted()
    self.retryInterval = retryInterval
  }

  private var quorum: Int { replicas.count / 2 + 1 }

  mutating func invoke(_ operation: RegisterOperation, context: inout Context<RegisterNode>) {
    self.operation = operation
    begin(.query(replies: [:]), context: &context)
  }

  mutating func receive(_ message: RegisterMessage, from sender: NodeID, context: inout Context<RegisterNode>) {
    switch (message, phase) {
    case (.queryReply(let r, let tag, let value), .query(var replies)) where r == request:
      replies[sender] = Reply(tag: tag, value: value)
      guard replies.count >= quorum, let operation else {
        phase = .query(replies: replies)
        return
      }
      let newest = replies.values.max { $0.tag < $1.tag }!
      switch operation {
      case .read:
        begin(.update(tag: newest.tag, value: newest.value, acknowledged: []), context: &context)
      case .write(let value):
        let tag = RegisterTag(counter: newest.tag.counter + 1, writer: context.me)
        begin(.update(tag: tag, value: value, acknowledged: []), context: &context)
      }
    case (.updateAcknowledgement(let r), .update(let tag, let value, var acknowledged)) where r == request:
      acknowledged.insert(sender)
      guard acknowledged.count >= quorum else {
        phase = .update(tag: tag, value: value, acknowledged: acknowledged)
        return
      }
      switch operation {
      case .read: context.complete(.ok(value.map { .int($0) } ?? .null))
      case .write, nil: context.complete(.ok)
      }
      operation = nil
      phase = nil
    case (.query, _), (.update, _):
      context.reportIssue("client \(context.me) got a replica-bound message from \(sender)")
    default:
      break  // a reply to an earlier phase, or a duplicate
    }
  }

  mutating func timerFired(_ timer: RegisterTimer, context: inout Context<RegisterNode>) {
    guard case .retry(let r) = timer, r == request, let phase else { return }  // stale timer
    switch phase {
    case .query(let replies):
      context.broadcast(.query(request: request), to: replicas.filter { replies[$0] == nil })
    case .update(let tag, let value, let acknowledged):
      context.broadcast(
        .update(request: request, tag: tag, value: value), to: replicas.filter { !acknowledged.contains($0) })
    }
    context.setTimer(.retry(request: request), after: retryInterval)
  }

  /// Starts a phase under a fresh request number and sends its request to every replica.
  private mutating func begin(_ next: Phase, context: inout Context<RegisterNode>) {
    request += 1
    phase = next
    switch next {
    case .query: context.broadcast(.query(request: request), to: replicas)
    case .update(let tag, let value, _):
      context.broadcast(.update(request: request, tag: tag, value: value), to: replicas)
    }
    context.setTimer(.retry(request: request), after: retryInterval)
  }
}
