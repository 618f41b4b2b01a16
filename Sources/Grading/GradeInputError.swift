/// A grading request that cannot run: each case names the field that is wrong.
public enum GradeInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A lab name that matches no lab (by name, short name, folder or number).
  case unknownLab(String, known: [String])
  /// An `--impl` value other than `reference` or `solution`.
  case unknownImplementation(String)
  /// A `--seeds` value that is not a positive whole number.
  case badSeedCount(String)
  /// A `--timeout` value that is not a positive duration.
  case badTimeout(String)
  /// A folder that is not a DistLab checkout (no `Package.swift` and `Labs/`).
  case notAPackage(path: String)

  public var description: String {
    switch self {
    case .unknownLab(let name, let known):
      "lab '\(name)': no such lab; the labs are \(known.isEmpty ? "(none found)" : known.joined(separator: ", "))"
    case .unknownImplementation(let value):
      "--impl '\(value)': choose reference or solution"
    case .badSeedCount(let value):
      "--seeds '\(value)': give a positive number of seeds, e.g. --seeds 50"
    case .badTimeout(let value):
      "--timeout '\(value)': give a positive time, e.g. 10m or 90s"
    case .notAPackage(let path):
      "--package-path '\(path)': not a DistLab checkout (no Package.swift with a Labs/ folder beside it)"
    }
  }
}

/// Which implementation a lab's suite runs against.
public enum Implementation: String, CaseIterable, Codable, Sendable {
  /// `Reference/<Lab>/`: the answers the repository ships.
  case reference
  /// `Labs/NN-name/Solution/`: the learner's workspace, through `DISTLAB_SOLUTION`.
  case solution

  /// Parses a command-line value.
  ///
  /// - Throws: `GradeInputError.unknownImplementation` naming the value.
  public init(parsing text: String) throws(GradeInputError) {
    guard let value = Implementation(rawValue: text.lowercased()) else { throw .unknownImplementation(text) }
    self = value
  }
}

/// Parses a `--seeds` value: a positive whole number.
///
/// - Throws: `GradeInputError.badSeedCount` naming the value.
public func parseSeedCount(_ text: String) throws(GradeInputError) -> Int {
  guard let count = Int(text), count > 0 else { throw .badSeedCount(text) }
  return count
}
