import ArgumentParser

/// The `distlab` command: simulate protocols, check histories, render traces, grade labs, benchmark the workbench.
@main
struct DistLab: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "distlab",
    abstract: "DistLab: a distributed-systems lab workbook — simulate, check, render, grade.",
    subcommands: [SimulateCommand.self, CheckCommand.self, RenderCommand.self, ExploreCommand.self, GradeCommand.self, BenchCommand.self]
  )
}
