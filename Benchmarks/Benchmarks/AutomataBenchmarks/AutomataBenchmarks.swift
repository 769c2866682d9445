// PLACEHOLDER: this target compiles and registers one trivial benchmark so that
// `swift package benchmark list` works; the owner of StraitAutomata replaces this file
// with real benchmarks. The figure it reports measures nothing about StraitAutomata.
import Benchmark
import StraitAutomata

let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "placeholder.StraitAutomata",
    configuration: .init(
      metrics: [.wallClock, .mallocCountTotal],
      maxDuration: .milliseconds(100),
      thresholds: [.mallocCountTotal: .strict]
    )
  ) { benchmark in
    for index in benchmark.scaledIterations {
      blackHole(index)
    }
  }
}
