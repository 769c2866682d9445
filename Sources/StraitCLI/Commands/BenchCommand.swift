import ArgumentParser

/// `strait bench ...`: measurements that are reported with medians and tails.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Run benchmarks (MaskBench protocol, SIMD kernels).",
    subcommands: [BenchMaskBenchCommand.self, BenchKernelsCommand.self]
  )
}
