// swift-tools-version:6.1
//
// Benchmarks for Strait, as a separate package (swift-nio style) so that users of
// the library never resolve package-benchmark and its transitive dependencies.
//
// Run from this folder:
//   swift package benchmark list
//   swift package benchmark --target MaskBenchmarks --no-progress
//   swift package benchmark thresholds check
//
// The package was renamed from ordo-one/package-benchmark (same commits); the
// plugin warns about the legacy identifier, so this uses the new one.
// `traits: ["MallocInterposer"]` replaces the package's default trait set:
// the other default trait (`RuntimeInterposer`) pulls in
// ordo-one/swift-runtime-interposer, which does not resolve on the CI machines.
// Traits need swift-tools-version 6.1.

import PackageDescription

/// One benchmark executable per library layer; each depends on that layer only.
/// AutomataBenchmarks also uses StraitSchema (libpcre2 with the validator's ECMA-262
/// translation, the side-by-side engine) and StraitJSON (reading MaskBench patterns).
let benchmarkTargets: [(name: String, products: [String])] = [
  ("MaskBenchmarks", ["StraitKernels"]),
  ("JSONBenchmarks", ["StraitJSON"]),
  ("AutomataBenchmarks", ["StraitAutomata", "StraitSchema", "StraitJSON"]),
  ("TokenizerBenchmarks", ["StraitTokenizers"]),
  ("RuntimeBenchmarks", ["Strait"]),
]

let package = Package(
  name: "benchmarks",
  dependencies: [
    // Named explicitly: a path dependency is otherwise identified by its folder
    // name, which differs between clones and worktrees.
    .package(name: "strait", path: "../"),
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.1",
      traits: ["MallocInterposer"]),
  ],
  targets: benchmarkTargets.map { target in
    .executableTarget(
      name: target.name,
      dependencies: [.product(name: "Benchmark", package: "benchmark")]
        + target.products.map { .product(name: $0, package: "strait") },
      path: "Benchmarks/\(target.name)",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  }
)
