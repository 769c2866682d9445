import ArgumentParser
import Foundation
import StraitKernels

/// `strait bench kernels`: the SIMD mask kernels next to a `memcpy` of the
/// same bytes, measured in the same run.
///
/// A mask application reads and writes every logit once, so its ceiling on
/// one core is about the speed of copying the row (a copy reads one buffer
/// and writes another; an in-place pass can beat it). Every entry is timed
/// in alternating blocks with its copy, so neighbours on a shared machine
/// slow both alike; the ratio is the figure to watch, not the nanoseconds.
/// Buffers are 64-byte aligned and stay hot in cache between calls; masks
/// allow a random half of the tokens (no branch can predict them).
struct BenchKernelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernels",
    abstract: "Benchmark the SIMD mask kernels against memcpy of the same bytes.",
    discussion: """
      Reports the median (and p90/p99) nanoseconds per logits row for Float32, Float16 and
      bfloat16 rows and a 64-row batch, each next to the median time of a memcpy of the
      same bytes measured in the same run. ratio_to_memcpy = memcpy_ns / ns: 1.0 means as
      fast as copying the logits. With --json, prints one JSON object:
      {"vocab": N, "kernels": [{"name": "f32", "ns": ..., "memcpy_ns": ...,
      "ratio_to_memcpy": ...}, ...]}. Batch entries report time per row (batch / 64).
      """
  )

  @Option(help: "Vocabulary size: tokens per logits row.")
  var vocab: Int = 128256

  @Option(help: "Timed calls per single-row entry (batch entries use a twentieth, at least 5).")
  var iterations: Int = 2000

  @Option(help: "Kernel path: automatic, avx512, avx2, portable or scalar.")
  var path: String = KernelPath.automatic.rawValue

  @Flag(help: "Also measure the portable Swift kernels (the fallback path) for comparison.")
  var portable = false

  @Flag(help: "Print one JSON object instead of a table.")
  var json = false

  func validate() throws {
    guard vocab >= 1 && vocab <= 1 << 24 else {
      throw ValidationError("--vocab must be in 1...\(1 << 24), got \(vocab)")
    }
    guard iterations >= 1 && iterations <= 10_000_000 else {
      throw ValidationError("--iterations must be in 1...10000000, got \(iterations)")
    }
    guard let chosen = KernelPath(rawValue: path) else {
      throw ValidationError(
        "--path must be one of \(KernelPath.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard chosen.isAvailable else {
      throw ValidationError("kernel path '\(path)' is not available on this CPU")
    }
  }

  func run() throws {
    let chosen = KernelPath(rawValue: path) ?? .automatic
    var paths = [chosen]
    if portable && chosen.resolved != .portable { paths.append(.portable) }
    let bench = KernelBench(vocab: vocab, iterations: iterations)
    defer { bench.deallocate() }
    var results: [KernelBenchResult] = []
    for (index, kernelPath) in paths.enumerated() {
      let suffix = index == 0 ? "" : "-\(kernelPath.rawValue)"
      results += try bench.run(path: kernelPath, suffix: suffix)
    }
    if json {
      print(KernelBenchReport.json(vocab: vocab, results: results))
    } else {
      print(KernelBenchReport.table(vocab: vocab, iterations: iterations, results: results))
    }
  }
}

/// One measured entry: a kernel and the copy of the same bytes.
struct KernelBenchResult {
  var name: String
  var path: KernelPath
  var bytesPerRow: Int
  /// Per-row nanoseconds of the kernel: p50, p90, p99.
  var kernel: (p50: Double, p90: Double, p99: Double)
  /// Per-row nanoseconds of the copy: p50, p90, p99.
  var copy: (p50: Double, p90: Double, p99: Double)
  var ratio: Double { copy.p50 / max(kernel.p50, 0.001) }
}

/// The buffers and the timing loop; allocated once, freed by `deallocate()`.
struct KernelBench {
  static let batchRows = 64
  let vocab: Int
  let iterations: Int
  let words: Int
  /// 64 rows of each; single-row entries use row 0.
  let logits32: UnsafeMutableBufferPointer<Float>
  let logits16: UnsafeMutableBufferPointer<UInt16>
  let masks: UnsafeMutableBufferPointer<UInt32>
  /// The copy's source and destination (large enough for a Float batch).
  let copySource: UnsafeMutableRawBufferPointer
  let copyTarget: UnsafeMutableRawBufferPointer

  init(vocab: Int, iterations: Int) {
    self.vocab = vocab
    self.iterations = iterations
    words = TokenBitmask.wordCount(forVocabularySize: vocab)
    let rows = Self.batchRows
    logits32 = Self.allocate(Float.self, rows * vocab)
    logits16 = Self.allocate(UInt16.self, rows * vocab)
    masks = Self.allocate(UInt32.self, rows * words)
    copySource = UnsafeMutableRawBufferPointer(Self.allocate(UInt8.self, rows * vocab * 4))
    copyTarget = UnsafeMutableRawBufferPointer(Self.allocate(UInt8.self, rows * vocab * 4))
    // Fixed-seed data: half the tokens allowed at random, logits in [-8, 8).
    var state: UInt64 = 0x5EED_0F_5743_4954
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
    for index in 0..<masks.count { masks[index] = UInt32(truncatingIfNeeded: next() >> 16) }
    for index in 0..<logits32.count {
      let value = Float(Int(next() >> 40 & 0xFFFF)) / 4096 - 8
      logits32[index] = value
      logits16[index] = UInt16(truncatingIfNeeded: value.bitPattern >> 16)  // bfloat16 of it
    }
    copySource.initializeMemory(as: UInt8.self, repeating: 1)
    copyTarget.initializeMemory(as: UInt8.self, repeating: 2)
  }

  static func allocate<T>(_ type: T.Type, _ count: Int) -> UnsafeMutableBufferPointer<T> {
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
    return UnsafeMutableBufferPointer(start: raw.bindMemory(to: T.self, capacity: count), count: count)
  }

  func deallocate() {
    UnsafeMutableRawPointer(logits32.baseAddress)?.deallocate()
    UnsafeMutableRawPointer(logits16.baseAddress)?.deallocate()
    UnsafeMutableRawPointer(masks.baseAddress)?.deallocate()
    copySource.baseAddress?.deallocate()
    copyTarget.baseAddress?.deallocate()
  }

  /// Every entry for one kernel path.
  func run(path: KernelPath, suffix: String) throws -> [KernelBenchResult] {
    let rows = Self.batchRows
    let row32 = UnsafeMutableBufferPointer(rebasing: logits32[0..<vocab])
    let row16 = UnsafeMutableBufferPointer(rebasing: logits16[0..<vocab])
    let mask = UnsafeBufferPointer(rebasing: masks[0..<words])
    let allMasks = UnsafeBufferPointer(masks)
    let layout = BatchLayout(rowCount: rows, vocabularySize: vocab)
    let batchIterations = max(5, iterations / 20)
    var results: [KernelBenchResult] = []

    func entry(
      _ name: String, bytesPerRow: Int, rows: Int, samples: Int, _ kernel: () throws -> Void
    ) throws {
      let bytes = bytesPerRow * rows
      let (kernelTimes, copyTimes) = try measure(samples: samples, block: rows == 1 ? 16 : 1) {
        try kernel()
      } copy: {
        copyTarget.baseAddress!.copyMemory(from: copySource.baseAddress!, byteCount: bytes)
        consume(copyTarget.baseAddress!)
      }
      results.append(
        KernelBenchResult(
          name: name + suffix, path: path.resolved, bytesPerRow: bytesPerRow,
          kernel: percentiles(kernelTimes, perRow: rows), copy: percentiles(copyTimes, perRow: rows)))
    }

    try entry("f32", bytesPerRow: vocab * 4, rows: 1, samples: iterations) {
      try MaskKernels.applyMask(mask, to: row32, path: path)
    }
    try entry("f16", bytesPerRow: vocab * 2, rows: 1, samples: iterations) {
      try MaskKernels.applyMask(mask, to: row16, format: .float16, path: path)
    }
    try entry("bf16", bytesPerRow: vocab * 2, rows: 1, samples: iterations) {
      try MaskKernels.applyMask(mask, to: row16, format: .bfloat16, path: path)
    }
    try entry("argmax-f32", bytesPerRow: vocab * 4, rows: 1, samples: iterations) {
      consume(try MaskKernels.maskedArgmax(UnsafeBufferPointer(row32), mask: mask, path: path))
    }
    try entry("batch64-f32", bytesPerRow: vocab * 4, rows: rows, samples: batchIterations) {
      try MaskKernels.applyMask(batch: allMasks, to: logits32, layout: layout, path: path)
    }
    try entry("batch64-f16", bytesPerRow: vocab * 2, rows: rows, samples: batchIterations) {
      try MaskKernels.applyMask(
        batch: allMasks, to: logits16, format: .float16, layout: layout, path: path)
    }
    try entry("batch64-bf16", bytesPerRow: vocab * 2, rows: rows, samples: batchIterations) {
      try MaskKernels.applyMask(
        batch: allMasks, to: logits16, format: .bfloat16, layout: layout, path: path)
    }
    return results
  }

  /// Times `kernel` and `copy` one call at a time, in alternating blocks of
  /// `block` calls after a warm-up call each, until each has `samples` times.
  func measure(
    samples: Int, block: Int, kernel: () throws -> Void, copy: () -> Void
  ) throws -> (kernel: [UInt64], copy: [UInt64]) {
    var kernelTimes: [UInt64] = []
    var copyTimes: [UInt64] = []
    kernelTimes.reserveCapacity(samples)
    copyTimes.reserveCapacity(samples)
    while kernelTimes.count < samples {
      let count = min(block, samples - kernelTimes.count)
      try kernel()  // warm-up: bring this buffer back into cache after the copy
      for _ in 0..<count {
        let start = monotonicNanoseconds()
        try kernel()
        kernelTimes.append(monotonicNanoseconds() &- start)
      }
      copy()
      for _ in 0..<count {
        let start = monotonicNanoseconds()
        copy()
        copyTimes.append(monotonicNanoseconds() &- start)
      }
    }
    return (kernelTimes, copyTimes)
  }

  func percentiles(_ times: [UInt64], perRow rows: Int) -> (p50: Double, p90: Double, p99: Double) {
    let sorted = times.sorted()
    func rank(_ fraction: Double) -> Double {
      guard !sorted.isEmpty else { return 0 }
      let index = min(sorted.count - 1, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)
      return Double(sorted[max(0, index)]) / Double(rows)
    }
    return (rank(0.5), rank(0.9), rank(0.99))
  }
}

/// CLOCK_MONOTONIC in nanoseconds.
@inline(__always)
private func monotonicNanoseconds() -> UInt64 {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
}

/// An optimisation barrier: the copy and the argmax result count as used.
@inline(never) @_optimize(none)
private func consume<T>(_ value: T) {}

/// Text and JSON renderings (a tiny local writer: no dependency on StraitJSON).
enum KernelBenchReport {
  static func json(vocab: Int, results: [KernelBenchResult]) -> String {
    let entries = results.map { result in
      let fields: [(String, String)] = [
        ("name", quoted(result.name)),
        ("ns", number(result.kernel.p50)),
        ("memcpy_ns", number(result.copy.p50)),
        ("ratio_to_memcpy", number(result.ratio, digits: 4)),
        ("p90_ns", number(result.kernel.p90)),
        ("p99_ns", number(result.kernel.p99)),
        ("memcpy_p90_ns", number(result.copy.p90)),
        ("bytes_per_row", String(result.bytesPerRow)),
        ("path", quoted(result.path.rawValue)),
      ]
      return "{" + fields.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
    return "{\"vocab\": \(vocab), \"kernels\": [" + entries.joined(separator: ", ") + "]}"
  }

  static func table(vocab: Int, iterations: Int, results: [KernelBenchResult]) -> String {
    var lines = [
      "strait bench kernels: V=\(vocab), \(iterations) samples per single-row entry, "
        + "hot cache, 50% random mask; times per row",
      pad("entry", 18) + pad("path", 9) + pad("p50 ns", 11, right: true)
        + pad("p90 ns", 11, right: true) + pad("p99 ns", 11, right: true)
        + pad("memcpy ns", 12, right: true) + pad("GB/s", 8, right: true)
        + pad("vs memcpy", 11, right: true),
    ]
    for result in results {
      let gigabytes = Double(result.bytesPerRow) / max(result.kernel.p50, 0.001)
      lines.append(
        pad(result.name, 18) + pad(result.path.rawValue, 9)
          + pad(number(result.kernel.p50), 11, right: true)
          + pad(number(result.kernel.p90), 11, right: true)
          + pad(number(result.kernel.p99), 11, right: true)
          + pad(number(result.copy.p50), 12, right: true)
          + pad(number(gigabytes), 8, right: true)
          + pad(String(format: "%.0f%%", result.ratio * 100), 11, right: true))
    }
    return lines.joined(separator: "\n")
  }

  /// A finite JSON number with at most `digits` decimals.
  static func number(_ value: Double, digits: Int = 1) -> String {
    guard value.isFinite else { return "0" }
    return String(format: "%.\(digits)f", value)
  }

  /// A JSON string literal (names here are ASCII, but escape anyway).
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text + " " : text + fill
  }
}
