import ArgumentParser

/// Not implemented yet: this stub is replaced by the owning module's command.
struct BenchKernelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernels",
    abstract: "Benchmark the SIMD mask kernels (not implemented yet)"
  )

  func run() throws {
    throw ValidationError("'kernels' is not implemented yet")
  }
}
