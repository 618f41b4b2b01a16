import Simulation

/// Two-phase commit of one transaction: a coordinator asks participants to prepare, commits if
/// all vote yes and aborts otherwise. Decisions go to a write-ahead log (durable storage) before
/// anyone hears of them, so a coordinator that restarts answers from its log, and one that finds no
/// decision there aborts (presumed abort). A prepared participant that hears nothing asks once.
///
/// With `flaw: .decisionNotLogged` the coordinator keeps its decision only in memory and, after a
/// restart, tells an inquiring participant to commit: the atomicity bug a search should find.
public struct TwoPhaseCommitNode: Node {
  /// The protocol's messages.
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    case prepare
    case vote(yes: Bool)
    case decision(commit: Bool)
    case inquiry

    public var description: String {
      switch self {
      case .prepare: "prepare"
      case .vote(let yes): yes ? "vote(yes)" : "vote(no)"
      case .decision(let commit): commit ? "commit" : "abort"
      case .inquiry: "inquiry"
      }
    }
  }

  /// A prepared participant's wait for the decision.
  public enum Timer: Hashable, Sendable { case inquire }

  /// What a node writes to its log.
  public struct Storage: DurableStorage {
    /// The coordinator sent `prepare`.
    public var began = false
    /// The logged decision: true commit, false abort.
    public var decision: Bool?
    /// A participant voted yes and must wait for the decision.
    public var prepared = false
    public init() {}
  }

  /// A participant's fate.
  public enum Outcome: Hashable, Sendable { case undecided, committed, aborted }

  /// A deliberate mistake, for showing what a search catches.
  public enum Flaw: Hashable, Sendable { case decisionNotLogged }

  public let id: NodeID
  let coordinator: NodeID
  let participants: [NodeID]
  let votesYes: Bool
  let flaw: Flaw?

  /// For a participant: committed, aborted or still undecided.
  public private(set) var outcome = Outcome.undecided
  /// For the coordinator: its decision once made (true commit).
  public private(set) var decision: Bool?
  private var yesVotes: UInt64 = 0
  /// The coordinator restarted after it had begun.
  private var recovered = false

  /// Creates the coordinator (`id == coordinator`) or a participant that votes `votesYes`.
  public init(id: NodeID, coordinator: NodeID, participants: [NodeID], votesYes: Bool = true, flaw: Flaw? = nil) {
    self.id = id
    self.coordinator = coordinator
    self.participants = participants
    self.votesYes = votesYes
    self.flaw = flaw
  }

  var isCoordinator: Bool { id == coordinator }

  public mutating func start(context: inout Context<TwoPhaseCommitNode>) {
    if isCoordinator {
      if !context.storage.began {
        context.storage.began = true
        context.broadcast(.prepare, to: participants)
      } else {
        recovered = true
        guard flaw != .decisionNotLogged else { return }
        // Recovery: a logged decision is resent; no logged decision means none was ever sent.
        let logged = context.storage.decision ?? false
        if context.storage.decision == nil { context.storage.decision = false }
        decision = logged
        context.broadcast(.decision(commit: logged), to: participants)
      }
    } else if context.storage.prepared {
      context.setTimer(.inquire, after: .milliseconds(100))
    }
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<TwoPhaseCommitNode>) {
    switch message {
    case .prepare:
      guard outcome == .undecided, !context.storage.prepared else { return }
      if votesYes {
        context.storage.prepared = true
        context.setTimer(.inquire, after: .milliseconds(100))
      } else {
        outcome = .aborted
      }
      context.send(.vote(yes: votesYes), to: coordinator)
    case .vote(let yes):
      guard isCoordinator, decision == nil else { return }
      if yes { yesVotes |= 1 << UInt64(sender.rawValue & 63) }
      if !yes {
        decide(false, context: &context)
      } else if yesVotes.nonzeroBitCount == participants.count {
        decide(true, context: &context)
      }
    case .decision(let commit):
      guard !isCoordinator, outcome == .undecided else { return }
      outcome = commit ? .committed : .aborted
      context.storage.prepared = false
      context.cancelTimer(.inquire)
    case .inquiry:
      guard isCoordinator else { return }
      if let known = decision ?? context.storage.decision {
        context.send(.decision(commit: known), to: sender)
      } else if flaw == .decisionNotLogged && recovered {
        // The flaw: with no memory of the outcome it guesses that the transaction committed.
        context.send(.decision(commit: true), to: sender)
      }
    }
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<TwoPhaseCommitNode>) {
    guard outcome == .undecided else { return }
    context.send(.inquiry, to: coordinator)
  }

  private mutating func decide(_ commit: Bool, context: inout Context<TwoPhaseCommitNode>) {
    decision = commit
    if flaw != .decisionNotLogged { context.storage.decision = commit }
    context.broadcast(.decision(commit: commit), to: participants)
  }
}
