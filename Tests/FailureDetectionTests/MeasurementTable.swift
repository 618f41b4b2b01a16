/// One column of a handout table: its header, whether it is numeric (right-aligned), and its cell.
struct TableColumn: Sendable {
  var header: String
  var numeric = true
  var cell: @Sendable (Measurement) -> String

  /// A table's header rows (Markdown).
  static func header(_ columns: [TableColumn]) -> String {
    "| " + columns.map(\.header).joined(separator: " | ") + " |\n|" + columns.map { $0.numeric ? "---:|" : "---|" }.joined()
  }

  /// One measurement as a table row (Markdown).
  static func row(_ m: Measurement, columns: [TableColumn]) -> String {
    "| " + columns.map { $0.cell(m) }.joined(separator: " | ") + " |"
  }

  static func ms(_ d: Duration?) -> String { d.map { "\(Int((seconds($0) * 1000).rounded())) ms" } ?? "–" }

  static func number(_ x: Double?, _ digits: Int = 2) -> String {
    guard let x else { return "–" }
    let scale = Double([1, 10, 100, 1000][digits])
    return "\((x * scale).rounded() / scale)"
  }

  // MARK: - The columns

  static let detector = TableColumn(header: "detector", numeric: false) { $0.detector }
  static let nodes = TableColumn(header: "N") { "\($0.nodes)" }
  static let completeness = TableColumn(header: "completeness") { number($0.completeness) }
  static let falseSuspicions = TableColumn(header: "false susp. /node/s") { number($0.falseSuspicionRate, 3) }
  static let everSuspected = TableColumn(header: "live ever suspected") { number($0.liveNodesEverSuspected) }
  static let declared = TableColumn(header: "live declared") { number($0.liveNodesDeclared) }
  static let detectionP50 = TableColumn(header: "detection p50") { ms($0.detectionP50) }
  static let detectionP99 = TableColumn(header: "p99") { ms($0.detectionP99) }
  static let firstDetection = TableColumn(header: "first detection p50") { ms($0.firstDetectionP50) }
  static let messages = TableColumn(header: "msgs/s/node") { number($0.messagesPerNodeSecond, 1) }
  static let bytes = TableColumn(header: "bytes/s/node") { "\(Int($0.bytesPerNodeSecond.rounded()))" }
  static let suspectedWhenBack = TableColumn(header: "suspected when back") { number($0.suspectedWhenBack) }
  static let recovered = TableColumn(header: "un-suspected") { number($0.recovered) }
  static let recoveryP50 = TableColumn(header: "recovery p50") { ms($0.recoveryP50) }
  static let recoveryP99 = TableColumn(header: "recovery p99") { ms($0.recoveryP99) }
  static let suspectedAtEnd = TableColumn(header: "suspected at end") { number($0.suspectedAtEnd) }
  static let watchedBy = TableColumn(header: "faulty node suspected by") { number($0.watchedEverSuspectedBy) }
  static let watchedRate = TableColumn(header: "its susp. /obs/s") { number($0.watchedSuspicionRate, 3) }
  static let watchedEpisodes = TableColumn(header: "episodes") { $0.watchedEpisodes.map(String.init) ?? "–" }
  static let watchedTime = TableColumn(header: "time suspected") { number($0.watchedSuspectedTime, 3) }
  static let watchedDeclared = TableColumn(header: "declared by") { number($0.watchedDeclaredBy) }

  // MARK: - The tables

  /// Crash-stop, with or without loss.
  static let crashStop = [
    detector, nodes, completeness, falseSuspicions, everSuspected, declared, detectionP50, detectionP99, firstDetection, messages, bytes,
  ]
  /// Crash-recovery: detection while down, and how soon (and whether) the suspicion ends after the restart.
  static let crashRecovery = [
    detector, nodes, completeness, detectionP50, detectionP99, recovered, recoveryP50, recoveryP99, suspectedAtEnd, falseSuspicions,
    messages, bytes,
  ]
  /// One faulty but live node (omission, slow links): how it is suspected, and the crashes still found.
  static let faultyNode = [
    detector, nodes, completeness, detectionP50, detectionP99, watchedBy, watchedRate, watchedEpisodes, watchedTime, watchedDeclared, falseSuspicions,
    messages, bytes,
  ]
  /// A partition and its heal: suspicions across it, and how soon they end after the heal.
  static let partition = [
    detector, nodes, suspectedWhenBack, declared, recovered, recoveryP50, recoveryP99, suspectedAtEnd, falseSuspicions, messages, bytes,
  ]
}
