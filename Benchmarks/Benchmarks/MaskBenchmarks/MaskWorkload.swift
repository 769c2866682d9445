import StraitKernels

/// The buffers of one mask benchmark: `rows` logits rows of both widths,
/// their masks (a random half of the tokens allowed), and a copy source and
/// target for the memcpy comparison. 64-byte aligned, freed on deinit.
final class MaskWorkload {
  let vocabularySize: Int
  let rows: Int
  let layout: BatchLayout
  let logits32: UnsafeMutableBufferPointer<Float>
  let logits16: UnsafeMutableBufferPointer<UInt16>
  let masks: UnsafeMutableBufferPointer<UInt32>
  let copySource: UnsafeMutableRawBufferPointer
  let copyTarget: UnsafeMutableRawBufferPointer

  init(vocabularySize: Int, rows: Int) {
    self.vocabularySize = vocabularySize
    self.rows = rows
    layout = BatchLayout(rowCount: rows, vocabularySize: vocabularySize)
    let words = TokenBitmask.wordCount(forVocabularySize: vocabularySize)
    logits32 = Self.allocate(Float.self, rows * vocabularySize)
    logits16 = Self.allocate(UInt16.self, rows * vocabularySize)
    masks = Self.allocate(UInt32.self, rows * words)
    copySource = UnsafeMutableRawBufferPointer(Self.allocate(UInt8.self, rows * vocabularySize * 4))
    copyTarget = UnsafeMutableRawBufferPointer(Self.allocate(UInt8.self, rows * vocabularySize * 4))
    // A fixed-seed LCG: the same data in every run.
    var state: UInt64 = 0x5EED_0F_5743_4954
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
    for index in masks.indices { masks[index] = UInt32(truncatingIfNeeded: next() >> 16) }
    for index in logits32.indices {
      let value = Float(Int(next() >> 40 & 0xFFFF)) / 4096 - 8
      logits32[index] = value
      logits16[index] = UInt16(truncatingIfNeeded: value.bitPattern >> 16)
    }
    copySource.initializeMemory(as: UInt8.self, repeating: 1)
    copyTarget.initializeMemory(as: UInt8.self, repeating: 2)
  }

  deinit {
    UnsafeMutableRawPointer(logits32.baseAddress)?.deallocate()
    UnsafeMutableRawPointer(logits16.baseAddress)?.deallocate()
    UnsafeMutableRawPointer(masks.baseAddress)?.deallocate()
    copySource.baseAddress?.deallocate()
    copyTarget.baseAddress?.deallocate()
  }

  /// Copies the first `byteCount` bytes of the source to the target.
  @inline(never)
  func copy(byteCount: Int) {
    guard let target = copyTarget.baseAddress, let source = copySource.baseAddress else { return }
    target.copyMemory(from: UnsafeRawPointer(source), byteCount: byteCount)
  }

  private static func allocate<T>(_ type: T.Type, _ count: Int) -> UnsafeMutableBufferPointer<T> {
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
    return UnsafeMutableBufferPointer(start: raw.bindMemory(to: T.self, capacity: count), count: count)
  }
}

/// Holds a benchmark's workload from its setup hook to its teardown hook, so
/// that only one benchmark's buffers (up to 192 MiB for a 64-row batch at
/// V = 262144) are alive at a time.
final class WorkloadSlot {
  var workload: MaskWorkload?
}
