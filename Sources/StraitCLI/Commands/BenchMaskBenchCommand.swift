import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct BenchMaskBenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "maskbench",
    abstract: "Run the MaskBench protocol (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'maskbench' is not implemented yet")
  }
}
