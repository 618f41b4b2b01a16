/// A model lifted to the whole history: one state per part (key), for checks that cannot split
/// the history by key, such as sequential consistency.
struct WholeHistory<M: Model>: Sendable {
  let model: M

  /// Each part's state; a part still in the model's initial state is left out, so equal states hash equal.
  typealias State = [Value?: M.State]

  var initialState: State { [:] }

  func step(_ state: State, _ input: M.Input, _ output: M.Output?) -> State? {
    let key = model.partition(input)
    guard let next = model.step(state[key] ?? model.initialState, input, output) else { return nil }
    var result = state
    result[key] = next == model.initialState ? nil : next
    return result
  }

  func describe(_ state: State) -> String {
    if state.isEmpty { return model.describe(model.initialState) }
    if state.count == 1, let (key, value) = state.first, key == nil { return model.describe(value) }
    return state.map { "\($0.key.map(\.description) ?? "-"): \(model.describe($0.value))" }.sorted().joined(separator: ", ")
  }
}
