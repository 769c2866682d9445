// PLACEHOLDER: this target compiles and registers one trivial benchmark so that
// `swift package benchmark list` works; the owner of StraitJSON replaces this file
// with real benchmarks. The figure it reports measures nothing about StraitJSON.
import Benchmark
import StraitJSON

let benchmarks: @Sendable () -> Void = {
  Benchmark(
    "placeholder.StraitJSON",
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
