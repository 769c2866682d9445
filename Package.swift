// swift-tools-version: 6.1
//
// Strait — structured-output constrained decoding in Swift.
//
// The targets follow the data flow (see README.md, "Architecture"):
//
//   StraitJSON ──▶ StraitSchema (model + validator, uses StraitPCRE2 for `pattern`)
//        │                │
//        │                ▼
//        │        StraitCompiler (schema ─▶ regular IR) ──▶ StraitAutomata (regex, IR, DFA)
//        ▼                │
//   StraitTokenizers ─────┴──▶ Strait (token automaton, matcher, masks) ──▶ StraitC (C ABI)
//                                   ▲
//                     StraitKernels (SIMD mask kernels, CStraitKernels for AVX dispatch)
//
// Imports only ever point down this graph; there are no cycles.

import PackageDescription

/// Settings shared by every Swift target.
///
/// Compile-time switches (off unless noted):
/// - `STRAIT_INTERNAL_CHECKS`: enables `_checkInvariants()` on automata and
///   masks. Costs O(states) per mutation; never enable it in release builds
///   that are benchmarked.
let swiftSettings: [SwiftSetting] = [
  // .define("STRAIT_INTERNAL_CHECKS"),
]

let package = Package(
  name: "strait",
  products: [
    .library(name: "Strait", targets: ["Strait"]),
    .library(name: "StraitJSON", targets: ["StraitJSON"]),
    .library(name: "StraitSchema", targets: ["StraitSchema"]),
    .library(name: "StraitAutomata", targets: ["StraitAutomata"]),
    .library(name: "StraitTokenizers", targets: ["StraitTokenizers"]),
    .library(name: "StraitKernels", targets: ["StraitKernels"]),
    // The C ABI for inference hosts: libStraitC.so + include/strait.h. (A
    // product named "strait" would collide with the `strait` executable.)
    .library(name: "StraitC", type: .dynamic, targets: ["StraitC"]),
    .executable(name: "strait", targets: ["StraitCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    // MARK: System library
    .systemLibrary(
      name: "CPCRE2",
      pkgConfig: "libpcre2-8",
      providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
    ),

    // MARK: Libraries (bottom to top)
    .target(
      name: "StraitPCRE2",
      dependencies: ["CPCRE2"],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "StraitJSON",
      swiftSettings: swiftSettings
    ),
    .target(
      name: "StraitAutomata",
      swiftSettings: swiftSettings
    ),
    .target(
      name: "StraitSchema",
      dependencies: ["StraitJSON", "StraitPCRE2"],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "StraitTokenizers",
      dependencies: ["StraitJSON"],
      swiftSettings: swiftSettings
    ),
    // The AVX2/AVX-512 clones carry their ISA in per-function
    // `__attribute__((target(...)))`; no unsafe flags, so the package stays
    // usable as a dependency. Release builds compile C with -O2.
    .target(
      name: "CStraitKernels"
    ),
    .target(
      name: "StraitKernels",
      dependencies: ["CStraitKernels"],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "StraitCompiler",
      dependencies: ["StraitJSON", "StraitSchema", "StraitAutomata"],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "Strait",
      dependencies: [
        "StraitJSON", "StraitSchema", "StraitAutomata", "StraitCompiler",
        "StraitTokenizers", "StraitKernels",
      ],
      swiftSettings: swiftSettings
    ),
    // The C ABI's header (include/strait.h) as a module, so that StraitC implements the
    // declared types and the tests call the functions through the header.
    .systemLibrary(name: "CStrait", path: "include"),
    .target(
      name: "StraitC",
      dependencies: ["Strait", "CStrait"],
      swiftSettings: swiftSettings
    ),

    // MARK: Command-line tool
    .executableTarget(
      name: "StraitCLI",
      dependencies: [
        "Strait", "StraitPCRE2",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),

    // MARK: Test support and tests
    .target(
      name: "StraitTestSupport",
      dependencies: ["StraitJSON"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitJSONTests",
      dependencies: ["StraitJSON", "StraitTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitAutomataTests",
      dependencies: ["StraitAutomata", "StraitPCRE2", "StraitJSON", "StraitTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitSchemaTests",
      dependencies: ["StraitSchema", "StraitJSON", "StraitPCRE2", "StraitTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitTokenizersTests",
      dependencies: ["StraitTokenizers", "StraitTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitKernelsTests",
      dependencies: ["StraitKernels", "StraitTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitCompilerTests",
      dependencies: ["StraitCompiler", "StraitSchema", "StraitAutomata", "StraitJSON", "StraitTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitTests",
      dependencies: ["Strait", "StraitTestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitCTests",
      dependencies: [
        "StraitC", "CStrait", "Strait", "StraitTokenizers", "StraitKernels", "StraitSchema",
        "StraitJSON", "StraitTestSupport",
      ],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "StraitCLITests",
      dependencies: ["StraitCLI", "StraitJSON", "StraitTestSupport"],
      swiftSettings: swiftSettings
    ),
  ]
)
