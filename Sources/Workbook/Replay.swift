import Foundation

/// The command that reruns one test (and one seed of it) exactly as it failed.
public enum Replay {
  /// `DISTLAB_SEED=7 swift test --filter WarmupTests.ReliableBroadcastTests/deliversDespiteLoss`,
  /// prefixed with `DISTLAB_SOLUTION=…` when the run graded a learner's workspace.
  ///
  /// - Parameters:
  ///   - filter: the `swift test --filter` value that selects the test.
  ///   - seed: the seed to replay, or nil for a test without seeds.
  ///   - environment: the running test's environment, for the workspace switch.
  public static func command(
    filter: String, seed: UInt64?, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    var words: [String] = []
    if let solution = environment["DISTLAB_SOLUTION"], !solution.isEmpty { words.append("DISTLAB_SOLUTION=\(solution)") }
    if let seed { words.append("\(Seeds.replayVariable)=\(seed)") }
    words += ["swift", "test", "--filter", filter]
    return words.joined(separator: " ")
  }
}
