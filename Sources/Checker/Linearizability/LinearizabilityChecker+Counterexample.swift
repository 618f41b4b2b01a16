/// Narrowing a violation to the shortest failing prefix and describing it.
extension LinearizabilityChecker {
  /// The part cut at history position `end`: operations invoked by then, those not yet answered
  /// becoming pending (and dropped if they only read).
  func prefix(of part: Part, endingAt end: Int) -> [SearchOperation<M>] {
    part.operations.compactMap { op in
      guard op.call <= end else { return nil }
      guard op.returnPosition > end else { return op }
      if model.isReadOnly(op.input) { return nil }
      var pending = op
      pending.output = nil
      pending.returnPosition = .max
      return pending
    }
  }

  /// `found` is what the search of the whole part learned (empty when a decision procedure, not
  /// the search, found the violation); it is reused when the failing prefix is the whole part.
  func counterexample(
    for part: Part, found: Furthest, history: History, deadline: ContinuousClock.Instant?, narrowing: Bool
  ) -> Counterexample {
    // Failing prefixes are closed under extension, so binary search over the completion positions.
    let cuts = part.operations.map(\.returnPosition).filter { $0 != .max }.sorted()
    var low = narrowing ? 0 : cuts.count - 1, high = cuts.count - 1
    var best = cuts.last.map { cut in (cut, prefix(of: part, endingAt: cut)) }
    while low < high {
      let middle = (low + high) / 2
      let candidate = prefix(of: part, endingAt: cuts[middle])
      switch search(candidate, deadline: deadline, shouldStop: { false }) {
      case .violation:
        best = (cuts[middle], candidate)
        high = middle
      case .linearizable:
        low = middle + 1
      case .unknown:
        low = high  // out of budget: keep the shortest failing prefix found so far
      }
    }
    let (end, operations) = best ?? (Int.max, part.operations)
    var furthest = Furthest()
    if operations.count == part.operations.count && operations.map(\.returnPosition) == part.operations.map(\.returnPosition)
      && !found.orders.isEmpty
    {
      furthest = found
    } else {
      switch search(operations, deadline: deadline, shouldStop: { false }) {
      case .violation(let result), .unknown(_, let result): furthest = result
      case .linearizable: break
      }
    }
    let steps = furthest.orders.map { order -> [Counterexample.Step] in
      var state = model.initialState
      return order.map { index in
        let op = operations[index]
        state = model.step(state, op.input, op.output) ?? state
        return Counterexample.Step(
          operation: op.operation, description: model.describe(op.input, op.output), stateAfter: model.describe(state))
      }
    }
    let endOperation = operations.first { $0.returnPosition == end }?.operation
    return Counterexample(
      reason: nil, part: part.key, operations: operations.map(\.operation), prefixEndsWith: endOperation,
      unplaceable: furthest.blocked.map { operations[$0].operation }, initialState: model.describe(model.initialState),
      furthest: steps)
  }
}
