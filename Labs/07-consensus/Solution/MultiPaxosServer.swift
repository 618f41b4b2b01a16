// Lab 07 (consensus), part 3: your Multi-Paxos server. Fill in the parts marked TODO(lab).

import Simulation

extension MultiPaxos {
  /// A Multi-Paxos server: acceptor and learner of every slot, proposer while it leads, and a
  /// replica of the state machine (the applied commands, each client's once).
  ///
  /// The acceptor's promise and acceptances, the last round and the chosen log are on stable
  /// storage; everything here is volatile and rebuilt from the chosen log in `start`.
  public struct Server: Hashable, Sendable {
    /// What the server is doing: following a leader, running phase 1, or leading.
    public enum Role: Hashable, Sendable {
      case follower, candidate, leader
    }

    /// Running totals for measurements; volatile (they restart from zero after a crash).
    public struct Counters: Hashable, Sendable {
      /// Messages sent over the network (messages to itself are handled in place and not counted).
      public internal(set) var messagesSent = 0
      /// Messages received over the network.
      public internal(set) var messagesReceived = 0
      /// Heartbeats the leader sent (part of `messagesSent`).
      public internal(set) var heartbeatsSent = 0
      /// Ballots this server started (phase 1 runs).
      public internal(set) var ballotsStarted = 0
      /// Slots proposed as leader, with a new leader's re-proposals.
      public internal(set) var slotsProposed = 0
      /// New client commands proposed as leader.
      public internal(set) var commandsProposed = 0
    }

    /// This server.
    public let id: NodeID
    /// The servers, sorted (including this one).
    public let peers: [NodeID]
    /// The most commands in one slot; 1 proposes every command alone, at once.
    public let maxBatch: Int
    /// How often the leader sends heartbeats and resends unanswered proposals.
    public let heartbeatInterval: Duration
    /// The shortest wait for a silent leader; each wait is random in `electionTimeout ..< 2·electionTimeout`.
    public let electionTimeout: Duration

    /// Following, running phase 1, or leading.
    public internal(set) var role = Role.follower
    /// The last ballot this server started as a proposer.
    public internal(set) var ballot: Ballot?
    /// The leader this server follows (itself while it leads), if it knows one.
    public internal(set) var leader: NodeID?
    /// The state machine: every command of the chosen prefix, in order, each (client, sequence) once.
    public internal(set) var applied: [Command] = []
    /// The first slot not yet applied.
    public internal(set) var firstUnapplied = 0
    /// Counts for measurements.
    public internal(set) var counters = Counters()

    /// When to suspect the leader (local time); see `resetElectionDeadline`.
    var electionDeadline = Duration.zero
    // TODO(lab): part 3. The rest of the volatile state, for example:
    // - per client, the last command applied (its sequence number and slot), to drop duplicates
    //   and to answer a retry of a command already applied;
    // - the candidate's promises;
    // - the leader's proposals not yet chosen (value, who accepted it, when it was last sent), its
    //   next free slot, the commands waiting for a batch, and which clients wait for an answer;
    // - how far a leader said the log is chosen, to know when to ask for a catch-up.

    init(id: NodeID, peers: [NodeID], maxBatch: Int, heartbeatInterval: Duration, electionTimeout: Duration) {
      self.id = id
      self.peers = peers.sorted()
      self.maxBatch = max(1, maxBatch)
      self.heartbeatInterval = heartbeatInterval
      self.electionTimeout = electionTimeout
    }

    /// True while this server leads.
    public var isLeader: Bool { role == .leader }

    var majority: Int { peers.count / 2 + 1 }

    mutating func start(context: inout Context<MultiPaxos>) {
      // TODO(lab): part 3. Apply the chosen prefix kept in `context.storage` (this rebuilds
      // `applied` and the duplicate table after a restart), pick an election deadline and set the
      // `.election` timer for it.
    }

    mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<MultiPaxos>) {
      counters.messagesReceived += 1
      handle(message, from: sender, context: &context)
    }

    mutating func timerFired(_ timer: Timer, context: inout Context<MultiPaxos>) {
      // TODO(lab): part 3.
      // - `.election`: a follower or candidate past its deadline starts phase 1 with a ballot above
      //   every round seen (log the round first; count it in `counters.ballotsStarted`) and sends
      //   `prepare(b, from: firstUnchosen)` to every server. Then set the timer again.
      // - `.heartbeat(b)`: if this server still leads in ballot `b`, resend every proposal a
      //   follower has left unanswered for a heartbeat interval, send a heartbeat to a follower that
      //   has heard nothing for that long (count it in `counters.heartbeatsSent`), set it again.
    }

    /// Handles a message from another server, a client, or (through `post`) itself.
    mutating func handle(_ message: Message, from sender: NodeID, context: inout Context<MultiPaxos>) {
      switch message {
      case .request(let command):
        // TODO(lab): part 3. A leader answers a retry of an applied command at once, and otherwise
        // proposes the command (once per leadership; with `maxBatch` above 1, in a batch once no
        // earlier proposal is in flight; count `slotsProposed` and `commandsProposed`). Every other
        // server redirects the client to the leader it knows (below).
        post(.redirect(sequence: command.sequence, leader: leader), to: sender, context: &context)
      case .prepare, .accept, .heartbeat:
        // TODO(lab): part 3. Acceptor: refuse (`nack`) a ballot below the one promised. Otherwise
        // promise it (log it), and stop competing if it is another proposer's ballot. `prepare`:
        // answer with what was accepted and what is known chosen from its slot on. `accept`: log each
        // acceptance and answer `accepted` to the leader. `accept` and `heartbeat` also name the leader,
        // reset the election deadline, and carry `commit` (learn it, see below); a follower behind the
        // leader's `commit` asks it for a `catchUp`.
        break
      case .promise, .accepted, .nack:
        // TODO(lab): part 3. Proposer: with promises from a majority, lead. Learn what they report
        // chosen, re-propose in every other slot they mention the value accepted in the highest
        // ballot, fill holes with no-ops, and set the `.heartbeat` timer. A slot accepted by a
        // majority in the leader's ballot is chosen: apply, answer waiting clients. A `nack` means a
        // higher ballot exists: remember its round and step down.
        break
      case .catchUp, .chosen:
        // TODO(lab): part 3. Learner: a slot below a leader's `commit` is chosen if this server
        // accepted it in that leader's ballot; the others come from `catchUp` and `chosen`. Apply the
        // chosen prefix in slot order, skipping a (client, sequence) already applied.
        break
      case .reply, .redirect:
        context.reportIssue("server \(id) got a client-bound message from \(sender)")
      }
    }

    /// Sends to another node; a message to itself is handled at once, as the network would only
    /// delay or lose it.
    mutating func post(_ message: Message, to destination: NodeID, context: inout Context<MultiPaxos>) {
      if destination == id {
        handle(message, from: id, context: &context)
      } else {
        counters.messagesSent += 1
        context.send(message, to: destination)
      }
    }

    /// Posts to every server, itself first.
    mutating func broadcast(_ message: Message, context: inout Context<MultiPaxos>) {
      post(message, to: id, context: &context)
      for peer in peers where peer != id { post(message, to: peer, context: &context) }
    }

    /// Picks the next moment to suspect the leader: a random wait in `electionTimeout ..< 2·electionTimeout`.
    mutating func resetElectionDeadline(context: inout Context<MultiPaxos>) {
      let jitter = Int64(context.random.next() % UInt64(max(1, electionTimeout.nanosecondCount)))
      electionDeadline = context.now + electionTimeout + .nanoseconds(jitter)
    }
  }
}
