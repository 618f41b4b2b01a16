import ArgumentParser

/// The `distlab` command: simulate protocols, benchmark the workbench; later `check`, `render`, `grade`.
@main
struct DistLab: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "distlab",
    abstract: "DistLab: a distributed-systems lab workbook — simulate, check, render, grade.",
    subcommands: [SimulateCommand.self, CheckCommand.self, RenderCommand.self, BenchCommand.self]
  )
}
