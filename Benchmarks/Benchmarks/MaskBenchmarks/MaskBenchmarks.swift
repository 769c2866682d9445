// Mask kernel benchmarks: every kernel per dtype, single row and a 64-row
// batch, for the vocabularies of Llama 2 (32000), Llama 3 (128256), Qwen 2
// (151936) and Gemma 3 (262144), each next to a memcpy of the same bytes
// (`memcpy.*`) measured in the same run.
//
// Read the ratio of a kernel to its memcpy, not absolute times: wall clock
// on a shared 2-core machine moves by up to 2x. Only `mallocCountTotal` has a
// strict threshold (the kernels must never allocate).
//
//   swift package benchmark --target MaskBenchmarks --no-progress
//   swift package benchmark --target MaskBenchmarks --filter 'V128256' --no-progress
import Benchmark
import StraitKernels

let vocabularySizes = [32000, 128256, 151936, 262144]
let batchRows = 64

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .mallocCountTotal],
    timeUnits: .nanoseconds,
    warmupIterations: 3,
    maxDuration: .milliseconds(400),
    maxIterations: 20_000,
    thresholds: [.mallocCountTotal: .strict]
  )
  for vocabularySize in vocabularySizes {
    registerSingleRow(vocabularySize: vocabularySize)
    registerBatch(vocabularySize: vocabularySize)
  }
}

/// Registers `name` with a workload built in setup and dropped in teardown.
func register(
  _ name: String, vocabularySize: Int, rows: Int, _ body: @escaping (MaskWorkload) -> Void
) {
  let slot = WorkloadSlot()
  var configuration = Benchmark.defaultConfiguration
  configuration.setup = { slot.workload = MaskWorkload(vocabularySize: vocabularySize, rows: rows) }
  configuration.teardown = { slot.workload = nil }
  Benchmark(name, configuration: configuration) { benchmark in
    guard let workload = slot.workload else { return }
    for _ in benchmark.scaledIterations { body(workload) }
  }
}

func registerSingleRow(vocabularySize v: Int) {
  register("mask.f32.V\(v)", vocabularySize: v, rows: 1) { work in
    guard let logits = work.logits32.baseAddress, let mask = work.masks.baseAddress else { return }
    MaskKernels.applyMaskUnchecked(mask, to: logits, vocabularySize: v)
  }
  register("mask.f16.V\(v)", vocabularySize: v, rows: 1) { work in
    guard let logits = work.logits16.baseAddress, let mask = work.masks.baseAddress else { return }
    MaskKernels.applyMaskUnchecked(mask, to: logits, vocabularySize: v, format: .float16)
  }
  register("mask.bf16.V\(v)", vocabularySize: v, rows: 1) { work in
    guard let logits = work.logits16.baseAddress, let mask = work.masks.baseAddress else { return }
    MaskKernels.applyMaskUnchecked(mask, to: logits, vocabularySize: v, format: .bfloat16)
  }
  register("argmax.f32.V\(v)", vocabularySize: v, rows: 1) { work in
    guard let logits = work.logits32.baseAddress, let mask = work.masks.baseAddress else { return }
    blackHole(MaskKernels.maskedArgmaxUnchecked(logits, mask: mask, vocabularySize: v))
  }
  // The checked API (what Swift hosts call): the same kernel plus validation.
  register("mask.f32.checked.V\(v)", vocabularySize: v, rows: 1) { work in
    try? MaskKernels.applyMask(UnsafeBufferPointer(work.masks), to: work.logits32)
  }
  // Bitmask utilities on one row's mask (V / 8 bytes).
  register("bits.count.V\(v)", vocabularySize: v, rows: 1) { work in
    blackHole(try? TokenBitmask.allowedCount(UnsafeBufferPointer(work.masks), vocabularySize: v))
  }
  register("bits.and.V\(v)", vocabularySize: v, rows: 2) { work in  // row 0 &= row 1
    let words = work.masks.count / 2
    let other = UnsafeBufferPointer(rebasing: work.masks[words..<(2 * words)])
    try? TokenBitmask.formIntersection(
      UnsafeMutableBufferPointer(rebasing: work.masks[0..<words]), with: other)
  }
  register("memcpy.4B.V\(v)", vocabularySize: v, rows: 1) { work in
    work.copy(byteCount: v * 4)
  }
  register("memcpy.2B.V\(v)", vocabularySize: v, rows: 1) { work in
    work.copy(byteCount: v * 2)
  }
}

func registerBatch(vocabularySize v: Int) {
  register("batch64.mask.f32.V\(v)", vocabularySize: v, rows: batchRows) { work in
    guard let logits = work.logits32.baseAddress, let masks = work.masks.baseAddress else { return }
    MaskKernels.applyMaskUnchecked(
      batch: masks, to: logits, layout: work.layout, indices: nil, indexing: .sameRow)
  }
  register("batch64.mask.f16.V\(v)", vocabularySize: v, rows: batchRows) { work in
    guard let logits = work.logits16.baseAddress, let masks = work.masks.baseAddress else { return }
    MaskKernels.applyMaskUnchecked(
      batch: masks, to: logits, layout: work.layout, indices: nil, indexing: .sameRow,
      format: .float16)
  }
  register("batch64.mask.bf16.V\(v)", vocabularySize: v, rows: batchRows) { work in
    guard let logits = work.logits16.baseAddress, let masks = work.masks.baseAddress else { return }
    MaskKernels.applyMaskUnchecked(
      batch: masks, to: logits, layout: work.layout, indices: nil, indexing: .sameRow,
      format: .bfloat16)
  }
  register("batch64.memcpy.4B.V\(v)", vocabularySize: v, rows: batchRows) { work in
    work.copy(byteCount: batchRows * v * 4)
  }
  register("batch64.memcpy.2B.V\(v)", vocabularySize: v, rows: batchRows) { work in
    work.copy(byteCount: batchRows * v * 2)
  }
}
