// Lab 07 (consensus), part 3: Multi-Paxos. This file is given: the graded suite relies on its public
// API, so change it only if you know why. Your work is in MultiPaxosServer.swift.

import Simulation

extension MultiPaxos {
  /// A client command that a server answered: the command and the slot it was first applied in.
  public struct Acknowledgement: Hashable, Sendable, CustomStringConvertible {
    /// The command.
    public var command: Command
    /// The slot whose batch holds its first (applied) copy.
    public var slot: Int

    public var description: String { "\(command)@\(slot)" }
  }

  /// A client of the replicated log: it numbers its commands, sends each to the server it believes
  /// leads, follows redirects, and after `retryInterval` without an answer tries the next server in
  /// turn. It completes an operation with `{"value": v, "slot": s}`.
  ///
  /// A workload drives it through `invoke`; for the explorer, which drives no workload, a client can
  /// instead append a fixed list of values itself, one after another, from boot.
  ///
  /// Its sequence numbers are volatile: a client is assumed not to crash, as workload clients don't.
  public struct Client: Hashable, Sendable {
    /// This client.
    public let id: NodeID
    /// The servers, sorted.
    public let servers: [NodeID]
    /// How long to wait for an answer before trying the next server.
    public let retryInterval: Duration
    /// Values the client appends by itself, in order, when no workload drives it.
    public let script: [Int]
    /// Every command a server acknowledged, in order.
    public private(set) var acknowledged: [Acknowledgement] = []

    private var sequence = 0
    private var pending: Command?
    /// The server the command went to last, and the leader a server named.
    private var target: NodeID
    private var leader: NodeID?
    /// Redirects followed for the pending command since the last retry (bounded, against loops).
    private var redirects = 0

    init(id: NodeID, servers: [NodeID], retryInterval: Duration, script: [Int]) {
      self.id = id
      self.servers = servers.sorted()
      self.retryInterval = retryInterval
      self.script = script
      self.target = self.servers.first ?? id
    }

    mutating func start(context: inout Context<MultiPaxos>) {
      continueScript(context: &context)
    }

    mutating func invoke(_ operation: Operation, context: inout Context<MultiPaxos>) {
      sequence += 1
      switch operation {
      case .append(let value): pending = Command(client: id, sequence: sequence, value: value)
      }
      redirects = 0
      send(to: leader ?? target, context: &context)
      context.setTimer(.retry(sequence: sequence), after: retryInterval)
    }

    mutating func receive(_ message: Message, from sender: NodeID, context: inout Context<MultiPaxos>) {
      guard let command = pending else { return }  // a late or duplicate answer
      switch message {
      case .reply(let s, let slot) where s == command.sequence:
        acknowledged.append(Acknowledgement(command: command, slot: slot))
        pending = nil
        leader = sender
        if script.isEmpty {
          context.complete(.ok(.object([("value", .int(command.value)), ("slot", .int(slot))])))
        } else {
          continueScript(context: &context)
        }
      case .redirect(let s, let hint) where s == command.sequence:
        // Follow a hint to another server, a bounded number of times; otherwise wait for the retry.
        if let hint, hint != sender, redirects < servers.count {
          redirects += 1
          leader = hint
          send(to: hint, context: &context)
        } else {
          leader = nil
        }
      default:
        break
      }
    }

    mutating func timerFired(_ timer: Timer, context: inout Context<MultiPaxos>) {
      guard case .retry(let s) = timer, let command = pending, command.sequence == s else { return }
      // No answer: the server we tried may be down or cut off. Try the next one.
      leader = nil
      redirects = 0
      let position = servers.firstIndex(of: target) ?? 0
      send(to: servers[(position + 1) % servers.count], context: &context)
      context.setTimer(.retry(sequence: s), after: retryInterval)
    }

    /// Appends the next scripted value, if any is left.
    private mutating func continueScript(context: inout Context<MultiPaxos>) {
      guard sequence < script.count else { return }
      invoke(.append(script[sequence]), context: &context)
    }

    private mutating func send(to server: NodeID, context: inout Context<MultiPaxos>) {
      guard let pending else { return }
      target = server
      context.send(.request(pending), to: server)
    }
  }
}
