import Foundation

/// The history formats `distlab check` reads.
public enum HistoryFormat: String, CaseIterable, Sendable {
  /// Jepsen ops as JSON Lines, or a JSON array of them.
  case json
  /// Jepsen ops as EDN maps, one per line or in a vector.
  case edn
  /// Jepsen's text log lines: `INFO  jepsen.util - 7  :invoke  :cas  [2 4]`.
  case jepsenLog = "jepsen-log"
  /// One record per operation: `{client, call, return, input, output}`.
  case paired
}

/// Reads histories from files or text, detecting the format when none is given.
public enum HistoryReader {
  /// Reads the file at `path` (`-` for standard input).
  public static func read(contentsOf path: String, format: HistoryFormat? = nil) throws(HistoryParseError) -> History {
    let text: String
    let name = path == "-" ? "<stdin>" : path
    do {
      let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
      guard let decoded = String(data: data, encoding: .utf8) else {
        throw HistoryParseError.unreadable(file: name, reason: "not UTF-8 text")
      }
      text = decoded
    } catch let error as HistoryParseError {
      throw error
    } catch {
      throw .unreadable(file: name, reason: (error as NSError).localizedDescription)
    }
    return try parse(text, file: name, format: format)
  }

  /// Parses history text; `file` names it in errors.
  public static func parse(_ text: String, file: String = "<text>", format: HistoryFormat? = nil) throws(HistoryParseError)
    -> History
  {
    guard let format = format ?? detectFormat(text) else {
      throw .unknownFormat(
        file: file,
        reason: "cannot tell the format (expected JSON ops, EDN maps, Jepsen log lines or paired operations); name it with --format")
    }
    switch format {
    case .json: return try JSONHistoryFormat.parse(text, file: file)
    case .paired: return try PairedHistoryFormat.parse(text, file: file)
    case .edn: return try EDNHistoryFormat.parse(text, file: file)
    case .jepsenLog: return try JepsenLogFormat.parse(text, file: file)
    }
  }

  /// Guesses the format from the first significant characters; nil if nothing fits. Empty text is JSON.
  public static func detectFormat(_ text: String) -> HistoryFormat? {
    let lines = text.split(whereSeparator: \.isNewline).map { $0.drop(while: \.isWhitespace) }
      .filter { !$0.isEmpty && !$0.hasPrefix(";") }
    guard let first = lines.first else { return .json }
    let compact = first.filter { !$0.isWhitespace && $0 != "," }
    if compact.hasPrefix("{:") || compact.hasPrefix("[{:") || compact.hasPrefix("[:") { return .edn }
    if compact.hasPrefix("{\"") || compact.hasPrefix("[{\"") || compact == "[" || compact == "[]" || compact == "{" {
      let head = text.prefix(4_096)
      return head.contains("\"call\"") && (head.contains("\"return\"") || head.contains("\"client\"")) ? .paired : .json
    }
    if compact == "[" || compact.hasPrefix("[{") { return .json }
    for line in lines.prefix(20) {
      let words = line.split(whereSeparator: \.isWhitespace)
      if words.contains(where: { [":invoke", ":ok", ":fail", ":info"].contains($0) }) { return .jepsenLog }
    }
    return nil
  }
}
