/// A setting that one scenario takes beyond the common flags, given as `--set name=value`
/// (`--nodes N` and `--key K` are shorthands for the settings `nodes` and `key`).
public struct ExampleParameter: Sendable, Hashable {
  /// The setting's name on the command line.
  public let name: String
  /// What it sets, with its default, for `--list`.
  public let help: String

  /// Declares a setting.
  public init(_ name: String, _ help: String) {
    self.name = name
    self.help = help
  }
}

/// A scenario setting the user got wrong: unknown to the scenario, not a number, or out of range.
/// The description names the setting.
public struct ExampleParameterError: Error, CustomStringConvertible, Equatable {
  /// The setting, as the user typed it (`nodes`, `skew`).
  public let field: String
  /// What is wrong with it.
  public let problem: String

  /// Creates the error.
  public init(field: String, problem: String) {
    self.field = field
    self.problem = problem
  }

  public var description: String { "setting '\(field)': \(problem)" }
}

extension Example {
  /// Refuses settings the scenario does not declare, before anything runs.
  public func validate(parameters given: [String: String]) throws(ExampleParameterError) {
    let known = Set(parameters.map(\.name))
    for name in given.keys.sorted() where !known.contains(name) {
      let list = parameters.isEmpty ? "it takes none" : "it takes " + parameters.map(\.name).joined(separator: ", ")
      throw ExampleParameterError(field: name, problem: "scenario '\(self.name)' has no such setting; \(list)")
    }
  }
}

extension ExampleOptions {
  /// The integer setting `name`, or `defaultValue` when not given.
  public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ExampleParameterError) -> Int {
    guard let text = parameters[name] else { return defaultValue }
    guard let value = Int(text) else { throw ExampleParameterError(field: name, problem: "'\(text)' is not a whole number") }
    guard range.contains(value) else {
      throw ExampleParameterError(field: name, problem: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
    }
    return value
  }

  /// The numeric setting `name`, or `defaultValue` when not given.
  public func number(_ name: String, default defaultValue: Double, in range: ClosedRange<Double>) throws(ExampleParameterError) -> Double {
    guard let text = parameters[name] else { return defaultValue }
    guard let value = Double(text), value.isFinite else {
      throw ExampleParameterError(field: name, problem: "'\(text)' is not a number")
    }
    guard range.contains(value) else {
      throw ExampleParameterError(field: name, problem: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
    }
    return value
  }

  /// The text setting `name`, or `defaultValue` when not given; `allowed`, when not empty, lists the values it may take.
  public func text(_ name: String, default defaultValue: String, allowed: [String] = []) throws(ExampleParameterError) -> String {
    guard let text = parameters[name] else { return defaultValue }
    guard allowed.isEmpty || allowed.contains(text) else {
      throw ExampleParameterError(field: name, problem: "'\(text)' is not one of \(allowed.joined(separator: ", "))")
    }
    return text
  }
}
