/// Checks the order in which a trace's nodes received messages: FIFO, causal or total order.
///
/// Only the first delivery of each message counts (a duplicate does not reorder anything).
/// - FIFO: messages from one sender to one receiver arrive in the order they were sent.
/// - Causal: if sending m1 happened before sending m2, every node that receives both receives m1 first.
/// - Total: all nodes receive the multicasts they share in the same order; a multicast is the set of
///   messages with the same summary that a node sends in one step (same sender, same instant).
public enum DeliveryOrder: String, CaseIterable, Sendable {
  case fifo, causal, total
}

/// A delivery-order violation: the two messages and where their order went wrong.
public struct DeliveryViolation: Sendable, Hashable, CustomStringConvertible {
  /// The message that should have come first (its send event's trace index).
  public var earlier: Int
  /// The message that came first instead.
  public var later: Int
  /// What happened, in words.
  public var explanation: String

  public var description: String { explanation }
}

/// The outcome of a delivery-order check.
public struct DeliveryOrderResult: Sendable {
  public var order: DeliveryOrder
  /// Deliveries examined (first deliveries only).
  public var deliveries: Int
  /// Violations found, at most `limit` of them.
  public var violations: [DeliveryViolation]
  public var isSatisfied: Bool { violations.isEmpty }
}

extension HappensBefore {
  /// Checks `order` over the trace's deliveries; reports up to `limit` violations.
  public func check(_ order: DeliveryOrder, limit: Int = 10) -> DeliveryOrderResult {
    let events = trace.events
    var sendPosition: [Int: Int] = [:]
    for (i, e) in events.enumerated() where e.kind == "send" { if let id = e.message { sendPosition[id] = i } }
    // First delivery of each message, per receiver, in trace order.
    var seen = Set<Int>()
    var receivedBy: [String: [Int]] = [:]  // receiver → message IDs in arrival order
    var arrival: [String: [Int: Int]] = [:]  // receiver → message ID → position in its arrival list
    var total = 0
    for e in events where e.kind == "deliver" {
      guard let id = e.message, let receiver = e.node, seen.insert(id).inserted else { continue }
      arrival[receiver, default: [:]][id] = receivedBy[receiver, default: []].count
      receivedBy[receiver, default: []].append(id)
      total += 1
    }
    var violations: [DeliveryViolation] = []
    func describe(_ id: Int) -> String {
      let s = events[sendPosition[id]!]
      return "message \(id) (\(s.summary ?? "?"), \(s.node ?? "?")→\(s.peer ?? "?"), line \(s.line))"
    }
    let receivers = receivedBy.keys.sorted()
    switch order {
    case .fifo, .causal:
      outer: for receiver in receivers {
        let ids = receivedBy[receiver]!
        for (j, later) in ids.enumerated() {
          for earlier in ids[(j + 1)...] {
            // `earlier` arrived after `later`; was it sent first?
            let a = sendPosition[earlier]!, b = sendPosition[later]!
            let inOrder: Bool =
              order == .fifo
              ? events[a].node == events[b].node && a < b
              : happenedBefore(a, b)
            if inOrder {
              violations.append(DeliveryViolation(
                earlier: earlier, later: later,
                explanation: "\(receiver) received \(describe(later)) before \(describe(earlier)), "
                  + (order == .fifo ? "which the same sender sent first" : "whose send happened before it")))
              if violations.count >= limit { break outer }
            }
          }
        }
      }
    case .total:
      // Group sends into multicasts: same sender, same instant, same summary.
      var multicastOf: [Int: Int] = [:]
      var keys: [String: Int] = [:]
      for e in events where e.kind == "send" {
        let key = "\(e.node ?? "")|\(e.time)|\(e.summary ?? "")"
        let group = keys[key] ?? { keys[key] = keys.count; return keys.count - 1 }()
        if let id = e.message { multicastOf[id] = group }
      }
      // The order in which each receiver got each multicast.
      var ranks: [String: [Int: Int]] = [:]
      for receiver in receivers {
        for (rank, id) in receivedBy[receiver]!.enumerated() where ranks[receiver]?[multicastOf[id]!] == nil {
          ranks[receiver, default: [:]][multicastOf[id]!] = rank
        }
      }
      var representative: [Int: Int] = [:]
      for (id, group) in multicastOf where representative[group] == nil || id < representative[group]! { representative[group] = id }
      outer: for (x, r1) in receivers.enumerated() {
        for r2 in receivers[(x + 1)...] {
          let shared = ranks[r1]!.keys.filter { ranks[r2]![$0] != nil }.sorted()
          for (i, g1) in shared.enumerated() {
            for g2 in shared[(i + 1)...] {
              let first = ranks[r1]![g1]! < ranks[r1]![g2]!
              let second = ranks[r2]![g1]! < ranks[r2]![g2]!
              if first != second {
                let (a, b) = first ? (g1, g2) : (g2, g1)
                violations.append(DeliveryViolation(
                  earlier: representative[a]!, later: representative[b]!,
                  explanation: "\(r1) received \(describe(representative[a]!)) before \(describe(representative[b]!)), "
                    + "but \(r2) received them the other way round"))
                if violations.count >= limit { break outer }
              }
            }
          }
        }
      }
    }
    return DeliveryOrderResult(order: order, deliveries: total, violations: violations)
  }
}
