/// A history file that could not be read; every case names the file and, where there is one, the line.
public enum HistoryParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file could not be opened or decoded as UTF-8.
  case unreadable(file: String, reason: String)
  /// The text is not valid in its format (bad JSON or EDN, a log line of the wrong shape).
  case syntax(file: String, line: Int, column: Int?, reason: String)
  /// A required field is absent.
  case missingField(file: String, line: Int, field: String)
  /// A field holds a value of the wrong kind.
  case badField(file: String, line: Int, field: String, expected: String, found: String)
  /// A completion (`ok`/`fail`/`info`) with no open invocation of its process.
  case unmatchedCompletion(file: String, line: Int, process: Int)
  /// A process invoked again while its earlier operation (at `previousLine`) was still open.
  case overlappingInvocation(file: String, line: Int, process: Int, previousLine: Int)
  /// The format could not be recognised, or `--format` names none we know.
  case unknownFormat(file: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      "\(file): cannot read: \(reason)"
    case .syntax(let file, let line, let column, let reason):
      "\(file):\(line)\(column.map { ":\($0)" } ?? ""): \(reason)"
    case .missingField(let file, let line, let field):
      "\(file):\(line): missing field '\(field)'"
    case .badField(let file, let line, let field, let expected, let found):
      "\(file):\(line): field '\(field)' should be \(expected), found \(found)"
    case .unmatchedCompletion(let file, let line, let process):
      "\(file):\(line): completion for process \(process), which has no open invocation"
    case .overlappingInvocation(let file, let line, let process, let previousLine):
      "\(file):\(line): process \(process) invokes again while its operation from line \(previousLine) is still open"
    case .unknownFormat(let file, let reason):
      "\(file): \(reason)"
    }
  }
}
