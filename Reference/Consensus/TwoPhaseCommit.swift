import Simulation

/// Two-phase commit of one transaction with a write-ahead log at every node, and a cooperative
/// termination protocol for participants left in doubt.
///
/// The coordinator logs `began` and asks every participant to prepare. A participant that can
/// commit logs `prepared` *before* voting yes; one that cannot logs its abort and votes no. The
/// coordinator logs the decision *before* telling anyone, commits only if every vote was yes, and
/// aborts if a vote is no or the votes do not all arrive in time. Because nothing is sent before it
/// is logged, a node that crashes and restarts picks up exactly where its log says it was. The
/// coordinator resends its decision until every participant has acknowledged it, so a participant
/// that was down when the decision went out (even one that never voted) still learns it.
///
/// A prepared participant that hears nothing asks the coordinator and the other participants.
/// Anyone who knows the decision answers with it; a participant that has not voted yet aborts on
/// the spot and answers "abort" (it may, because the coordinator cannot have committed without
/// its vote). If every participant is prepared and the coordinator is gone for good, nobody can
/// decide: 2PC blocks, which is why the later parts of this lab need consensus.
public struct TwoPhaseCommit: Node {
  /// The protocol's messages.
  public enum Message: Hashable, Sendable, CustomStringConvertible {
    /// Coordinator → participant: can you commit?
    case prepare
    /// Participant → coordinator: yes (logged as prepared) or no (logged as aborted).
    case vote(yes: Bool)
    /// The outcome: true commit, false abort.
    case decision(commit: Bool)
    /// A prepared participant asks what was decided.
    case inquiry
    /// Participant → coordinator: the decision is logged here; stop resending it.
    case ack

    public var description: String {
      switch self {
      case .prepare: "prepare"
      case .vote(let yes): yes ? "vote(yes)" : "vote(no)"
      case .decision(let commit): commit ? "commit" : "abort"
      case .inquiry: "inquiry"
      case .ack: "ack"
      }
    }
  }

  /// Timers: the coordinator's wait for votes, a prepared participant's wait for the decision.
  public enum Timer: Hashable, Sendable {
    case votesDue
    case decisionDue
    /// The coordinator resends its decision to participants that have not acknowledged it.
    case resendDecision
  }

  /// Where a node stands, as its write-ahead log records it.
  public enum Outcome: Hashable, Sendable {
    /// Nothing logged yet (a participant that has not voted).
    case unknown
    /// Voted yes; must wait for the decision (a participant), or waiting for votes (the coordinator).
    case prepared
    case committed
    case aborted
  }

  /// The write-ahead log: survives crashes; every message a node sends follows from what is in it.
  public struct Log: DurableStorage {
    /// The coordinator sent `prepare`.
    public var began = false
    /// This node's outcome.
    public var outcome = Outcome.unknown
    public init() {}
  }

  public typealias Storage = Log

  public let id: NodeID
  public let coordinator: NodeID
  public let participants: [NodeID]
  /// Whether this participant can commit.
  public let votesYes: Bool
  /// How long the coordinator waits for votes, and a prepared participant for the decision.
  public let timeout: Duration

  /// The yes votes the coordinator has (volatile: a restarted coordinator that has not decided aborts).
  private var yesVotes: Set<NodeID> = []
  /// The participants that acknowledged the decision (volatile: after a restart, everyone is told again).
  private var acknowledged: Set<NodeID> = []

  /// Creates the coordinator (`id == coordinator`) or a participant.
  public init(
    id: NodeID, coordinator: NodeID, participants: [NodeID], votesYes: Bool = true,
    timeout: Duration = .milliseconds(100)
  ) {
    self.id = id
    self.coordinator = coordinator
    self.participants = participants.sorted()
    self.votesYes = votesYes
    self.timeout = timeout
  }

  var isCoordinator: Bool { id == coordinator }

  public mutating func start(context: inout Context<TwoPhaseCommit>) {
    if isCoordinator {
      switch context.storage.outcome {
      case .committed, .aborted:
        // Recovery: say the logged decision again, until everyone has acknowledged it.
        announce(context: &context)
      case .unknown, .prepared:
        if context.storage.began {
          // Began but never decided, so nobody was told "commit": abort is safe.
          decide(commit: false, context: &context)
        } else {
          context.storage.began = true
          context.storage.outcome = .prepared
          context.broadcast(.prepare, to: participants)
          context.setTimer(.votesDue, after: timeout)
        }
      }
    } else if context.storage.outcome == .prepared {
      // Recovery of a participant in doubt: ask again.
      askForDecision(context: &context)
    }
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<TwoPhaseCommit>) {
    switch message {
    case .prepare:
      guard !isCoordinator else { return }
      switch context.storage.outcome {
      case .unknown:
        context.storage.outcome = votesYes ? .prepared : .aborted
        context.send(.vote(yes: votesYes), to: coordinator)
        if votesYes { context.setTimer(.decisionDue, after: timeout) }
      case .prepared:
        context.send(.vote(yes: true), to: coordinator)  // a duplicate prepare: same answer
      case .committed, .aborted:
        context.send(.vote(yes: context.storage.outcome == .committed), to: coordinator)
      }
    case .vote(let yes):
      guard isCoordinator else { return }
      switch context.storage.outcome {
      case .unknown:
        return
      case .committed, .aborted:
        // A late or repeated vote: the sender missed the decision.
        return context.send(.decision(commit: context.storage.outcome == .committed), to: sender)
      case .prepared:
        break
      }
      if !yes { return decide(commit: false, context: &context) }
      yesVotes.insert(sender)
      if yesVotes.count == participants.count { decide(commit: true, context: &context) }
    case .decision(let commit):
      guard !isCoordinator else { return }
      if context.storage.outcome == .unknown || context.storage.outcome == .prepared {
        context.storage.outcome = commit ? .committed : .aborted
        context.cancelTimer(.decisionDue)
      }
      if sender == coordinator { context.send(.ack, to: coordinator) }
    case .ack:
      guard isCoordinator else { return }
      acknowledged.insert(sender)
    case .inquiry:
      switch context.storage.outcome {
      case .committed: context.send(.decision(commit: true), to: sender)
      case .aborted: context.send(.decision(commit: false), to: sender)
      case .unknown where !isCoordinator:
        // Not voted yet: refuse now, which makes abort the only possible decision.
        context.storage.outcome = .aborted
        context.send(.decision(commit: false), to: sender)
      case .unknown, .prepared:
        break  // in doubt too (or the coordinator still collecting votes): no answer
      }
    }
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<TwoPhaseCommit>) {
    switch timer {
    case .votesDue:
      if isCoordinator && context.storage.outcome == .prepared { decide(commit: false, context: &context) }
    case .decisionDue:
      if context.storage.outcome == .prepared { askForDecision(context: &context) }
    case .resendDecision:
      guard isCoordinator, context.storage.outcome == .committed || context.storage.outcome == .aborted else { return }
      let missing = participants.filter { !acknowledged.contains($0) }
      guard !missing.isEmpty else { return }
      context.broadcast(.decision(commit: context.storage.outcome == .committed), to: missing)
      context.setTimer(.resendDecision, after: timeout)
    }
  }

  /// Logs the decision, then tells every participant.
  private mutating func decide(commit: Bool, context: inout Context<TwoPhaseCommit>) {
    context.storage.outcome = commit ? .committed : .aborted
    context.cancelTimer(.votesDue)
    announce(context: &context)
  }

  /// Sends the logged decision to every participant and resends it until each acknowledges.
  private mutating func announce(context: inout Context<TwoPhaseCommit>) {
    context.broadcast(.decision(commit: context.storage.outcome == .committed), to: participants)
    context.setTimer(.resendDecision, after: timeout)
  }

  /// The termination protocol's question, to the coordinator and every other participant, repeated
  /// until an answer arrives.
  private mutating func askForDecision(context: inout Context<TwoPhaseCommit>) {
    context.send(.inquiry, to: coordinator)
    context.broadcast(.inquiry, to: participants.filter { $0 != id })
    context.setTimer(.decisionDue, after: timeout)
  }
}
