import Benchmark
import StraitKernels

let benchmarks: @Sendable () -> Void = {
  Benchmark("tmp", configuration: .init(metrics: [.wallClock])) { benchmark in
    for index in benchmark.scaledIterations { blackHole(index) }
  }
}
