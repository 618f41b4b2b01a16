import Simulation
import Testing

/// Search tests in a few lines: run the exploration executor in a Swift Testing test and, when it
/// fails, record an issue that shows the shortest violating path and how to draw it.
///
/// ```swift
/// @Test("At most one leader per term, in every delivery order", .points(10))
/// func electionSafety() {
///   Search.expectSafe(
///     Explorer(nodes: [1, 2, 3]) { RaftNode(id: $0, peers: [1, 2, 3]) }
///       .invariant("one leader per term") { state in … }
///       .prune("beyond term 2") { state in … })
/// }
/// ```
///
/// A violation's path is replayed on the simulator; with `DISTLAB_TRACE=/tmp/v.jsonl` set, the
/// replayed trace is saved for `distlab render /tmp/v.jsonl --kind messages`.
public enum Search {
  /// Searches breadth-first and records an issue if an invariant fails, or if the search stops at a
  /// state or time limit before covering the space (unless `acceptLimits`; a depth limit is accepted).
  @discardableResult
  public static func expectSafe<N: Node>(
    _ explorer: Explorer<N>, acceptLimits: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
  ) -> SearchResult<N> {
    let result = explorer.breadthFirst()
    switch result.outcome {
    case .invariantViolated:
      Issue.record(Comment(rawValue: describe(result, of: explorer)), sourceLocation: sourceLocation)
    case .invalidConfiguration:
      Issue.record(Comment(rawValue: result.report), sourceLocation: sourceLocation)
    case .stoppedAtStateLimit, .stoppedAtTimeLimit:
      if !acceptLimits {
        Issue.record(Comment(rawValue: "the search gave no verdict: \(result.report)"), sourceLocation: sourceLocation)
      }
    default:
      break
    }
    return result
  }

  /// Searches breadth-first for a goal state and records an issue unless one is reached (an
  /// invariant failing on the way is an issue too).
  @discardableResult
  public static func expectGoal<N: Node>(
    _ explorer: Explorer<N>, sourceLocation: SourceLocation = #_sourceLocation
  ) -> SearchResult<N> {
    let result = explorer.breadthFirst()
    switch result.outcome {
    case .goalReached:
      break
    case .invariantViolated:
      Issue.record(Comment(rawValue: describe(result, of: explorer)), sourceLocation: sourceLocation)
    default:
      Issue.record(Comment(rawValue: "no goal state was reached: \(result.report)"), sourceLocation: sourceLocation)
    }
    return result
  }

  /// Searches breadth-first and records an issue unless an invariant fails: for showing that a
  /// known-broken variant is caught. The result holds the shortest violating path.
  @discardableResult
  public static func expectViolation<N: Node>(
    _ explorer: Explorer<N>, sourceLocation: SourceLocation = #_sourceLocation
  ) -> SearchResult<N> {
    let result = explorer.breadthFirst()
    if case .invariantViolated = result.outcome { return result }
    Issue.record(Comment(rawValue: "expected a violation, but: \(result.report)"), sourceLocation: sourceLocation)
    return result
  }

  /// The report of a violation, checked by replaying it on the simulator (and saved as a trace
  /// when `DISTLAB_TRACE` asks).
  static func describe<N: Node>(_ result: SearchResult<N>, of explorer: Explorer<N>) -> String {
    var text = result.report
    let log = TraceRecording.log() ?? TraceLog()
    do {
      _ = try Simulator.replaying(result.path, of: explorer, trace: log, label: "search counterexample")
      TraceRecording.save(log)
      text += "\nThe path replays on the simulator; set \(TraceRecording.variable)=/tmp/violation.jsonl to save its trace and draw it with `swift run distlab render /tmp/violation.jsonl --kind messages -o violation.svg`."
    } catch {
      text += "\nReplaying the path on the simulator failed: \(error)"
    }
    return text
  }
}
