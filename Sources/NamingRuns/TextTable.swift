/// A plain-text table with right-aligned numeric columns, for `distlab simulate … --table` and the
/// suite's printed measurements (the handout's tables are pasted from it).
public struct TextTable: Sendable, Equatable {
  /// The column headings.
  public var columns: [String]
  /// The rows, one cell per column.
  public var rows: [[String]] = []

  /// An empty table with these headings.
  public init(columns: [String]) { self.columns = columns }

  /// Adds a row; missing cells are blank, extra cells are dropped.
  public mutating func add(_ cells: [String]) {
    rows.append((0..<columns.count).map { $0 < cells.count ? cells[$0] : "" })
  }

  /// The table as lines: headings, a rule, then the rows, columns padded to their widest cell.
  public var lines: [String] {
    let widths = columns.indices.map { c in ([columns[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
    func line(_ cells: [String]) -> String {
      cells.indices.map { c in
        let pad = String(repeating: " ", count: widths[c] - cells[c].count)
        return c == 0 ? cells[c] + pad : pad + cells[c]
      }.joined(separator: "  ")
    }
    return [line(columns), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
  }

  /// The table in Markdown, for the handout.
  public var markdown: [String] {
    ["| " + columns.joined(separator: " | ") + " |", "|" + columns.map { _ in "---|" }.joined()]
      + rows.map { "| " + $0.joined(separator: " | ") + " |" }
  }
}

/// Formats a number with a fixed count of decimals (no locale, the same everywhere).
public func fixed(_ value: Double, _ decimals: Int = 2) -> String {
  guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let rounded = (abs(value) * scale).rounded() / scale
  let whole = Int(rounded)
  var text = (value < 0 && rounded > 0 ? "-" : "") + String(whole)
  if decimals > 0 {
    let fraction = Int(((rounded - Double(whole)) * scale).rounded())
    let digits = String(fraction)
    text += "." + String(repeating: "0", count: decimals - digits.count) + digits
  }
  return text
}

/// The q-quantile (0...1) of the values by the nearest-rank method; 0 for no values.
public func percentile(_ values: [Double], _ q: Double) -> Double {
  guard !values.isEmpty else { return 0 }
  let sorted = values.sorted()
  let rank = Int((q * Double(sorted.count)).rounded(.up))
  return sorted[min(sorted.count - 1, max(0, rank - 1))]
}
