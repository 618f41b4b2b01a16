/// A fault injected into a run. Nemeses compose: a run takes a list of them, and link faults that
/// select the same link combine (independent losses add up, the last delay given wins).
///
/// ```swift
/// let faults: [Nemesis] = [
///   .drop(0.05),                                   // 5% loss everywhere
///   .delay(.exponential(minimum: .milliseconds(1), mean: .milliseconds(5)), on: .touching(3)),
///   .schedule(try FaultSchedule.parse("at 2s partition n1,n2|n3; at 4s heal")),
///   .randomCrashes(every: .fixed(.seconds(3)), downFor: .fixed(.seconds(1))),
/// ]
/// ```
public enum Nemesis: Hashable, Sendable {
  /// Each message on the selected links is lost with this probability.
  case drop(Double, on: LinkSelection = .all)
  /// Each message on the selected links is delivered twice with this probability.
  case duplicate(Double, on: LinkSelection = .all)
  /// Messages on the selected links take this long.
  case delay(DelayDistribution, on: LinkSelection = .all)
  /// Each message on the selected links is held back by an extra delay with this probability.
  case reorder(Double, by: DelayDistribution = .uniform(.milliseconds(1), .milliseconds(10)), on: LinkSelection = .all)
  /// The node's clock runs with this skew and drift from the start.
  case clock(NodeID, ClockModel)
  /// Faults at fixed times: partitions, heals, crashes, restarts.
  case schedule(FaultSchedule)
  /// Repeatedly splits `among` (default: every node that is not a workload client) into a random
  /// majority and minority, and heals after `lasting`.
  case randomPartitions(every: DelayDistribution, lasting: DelayDistribution, among: [NodeID]? = nil)
  /// Repeatedly crashes one random live node of `among` (default: non-clients) and restarts it
  /// after `downFor`.
  case randomCrashes(every: DelayDistribution, downFor: DelayDistribution, among: [NodeID]? = nil)

  func validate(field: String, cluster: Set<NodeID>) throws(SimulationConfigurationError) {
    func check(_ selection: LinkSelection) throws(SimulationConfigurationError) {
      for node in selection.namedNodes where !cluster.contains(node) {
        throw .unknownNode(node, field: "\(field).on")
      }
    }
    func checkProbability(_ p: Double) throws(SimulationConfigurationError) {
      if !(0...1).contains(p) { throw .probabilityOutOfRange(p, field: field) }
    }
    func checkAmong(_ among: [NodeID]?) throws(SimulationConfigurationError) {
      for node in among ?? [] where !cluster.contains(node) {
        throw .unknownNode(node, field: "\(field).among")
      }
    }
    switch self {
    case .drop(let p, let on), .duplicate(let p, let on):
      try checkProbability(p); try check(on)
    case .delay(let delay, let on):
      try delay.validate(field: field); try check(on)
    case .reorder(let p, let by, let on):
      try checkProbability(p); try by.validate(field: "\(field).by"); try check(on)
    case .clock(let node, let model):
      if !cluster.contains(node) { throw .unknownNode(node, field: field) }
      try model.validate(field: field)
    case .schedule(let schedule):
      try schedule.validate(field: field, cluster: cluster)
    case .randomPartitions(let every, let lasting, let among):
      try every.validate(field: "\(field).every"); try lasting.validate(field: "\(field).lasting")
      try checkAmong(among)
    case .randomCrashes(let every, let downFor, let among):
      try every.validate(field: "\(field).every"); try downFor.validate(field: "\(field).downFor")
      try checkAmong(among)
    }
  }

  /// Applies a link nemesis to the conditions of one link; other nemeses leave them alone.
  func apply(to conditions: inout LinkConditions, from: NodeID, to: NodeID) {
    switch self {
    case .drop(let p, let on) where on.contains(from: from, to: to):
      conditions.dropProbability = 1 - (1 - conditions.dropProbability) * (1 - p)
    case .duplicate(let p, let on) where on.contains(from: from, to: to):
      conditions.duplicateProbability = 1 - (1 - conditions.duplicateProbability) * (1 - p)
    case .delay(let delay, let on) where on.contains(from: from, to: to):
      conditions.delay = delay
    case .reorder(let p, let by, let on) where on.contains(from: from, to: to):
      conditions.reorderProbability = p
      conditions.reorderDelay = by
    default:
      break
    }
  }

  /// Whether this nemesis changes link conditions, and whether it does so on every link alike.
  var linkScope: (isLinkFault: Bool, isUniform: Bool) {
    switch self {
    case .drop(_, let on), .duplicate(_, let on), .delay(_, let on), .reorder(_, _, let on):
      (true, on == .all)
    default:
      (false, true)
    }
  }
}
