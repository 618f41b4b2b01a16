// Lab 07 (consensus): your workspace. The graded suite Tests/ConsensusTests runs against these
// files when DISTLAB_SOLUTION=Consensus is set. Fill in the parts marked TODO(lab).

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

  // TODO(lab): the coordinator's volatile state (the yes votes it has, who acknowledged the decision).

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
    // TODO(lab): part 1. The coordinator: on a fresh log, log `began`, send `prepare` to every
    // participant and set `votesDue`. After a restart, act on what the log says: resend a logged
    // decision; abort if it began but never decided. A participant that restarts `prepared` asks
    // for the decision (the termination protocol).
  }

  public mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<TwoPhaseCommit>) {
    // TODO(lab): part 1. Participants: log `prepared` (or `aborted`) *before* voting; log the
    // decision and acknowledge it. Coordinator: count yes votes, decide on all yes or on any no,
    // log the decision *before* announcing it, and resend it until every participant has acked.
    // Everyone: answer an `inquiry` with a logged decision; a participant that has not voted
    // aborts and answers "abort".
  }

  public mutating func timerFired(_ timer: Timer, context: inout Context<TwoPhaseCommit>) {
    // TODO(lab): part 1. `votesDue`: abort if the votes are not all in. `decisionDue`: a prepared
    // participant asks the coordinator and the other participants, and waits again.
    // `resendDecision`: resend the decision to participants that have not acknowledged it.
  }
}
