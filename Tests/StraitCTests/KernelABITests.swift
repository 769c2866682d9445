import CStrait
import StraitTestSupport
import Testing

@Suite("C ABI: mask kernels")
struct KernelABITests {
  /// A random mask of `n` tokens and its expected effect.
  static func randomMask(_ n: Int, seed: UInt64) -> [UInt32] {
    var rng = SeededRandom(seed: seed)
    return (0..<((n + 31) / 32)).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }
  }

  static func isAllowed(_ mask: [UInt32], _ i: Int) -> Bool { mask[i >> 5] >> UInt32(i & 31) & 1 == 1 }

  @Test(arguments: [1, 31, 32, 33, 1000, 4099])
  func appliesToEveryFormat(n: Int) {
    let mask = Self.randomMask(n, seed: UInt64(n))
    var f32 = (0..<n).map { Float($0) * 0.5 - 3 }
    #expect(strait_apply_bitmask_f32(&f32, n, mask, mask.count) == STRAIT_OK)
    var f16 = [UInt16](repeating: 0x3C00, count: n)  // 1.0
    #expect(strait_apply_bitmask_f16(&f16, n, mask, mask.count) == STRAIT_OK)
    var bf16 = [UInt16](repeating: 0x3F80, count: n)  // 1.0
    #expect(strait_apply_bitmask_bf16(&bf16, n, mask, mask.count) == STRAIT_OK)
    for i in 0..<n {
      let allowed = Self.isAllowed(mask, i)
      #expect(f32[i] == (allowed ? Float(i) * 0.5 - 3 : -.infinity))
      #expect(f16[i] == (allowed ? 0x3C00 : 0xFC00))
      #expect(bf16[i] == (allowed ? 0x3F80 : 0xFF80))
    }
    var best: Int32 = -2
    let original = (0..<n).map { Float($0 % 17) }
    #expect(strait_masked_argmax_f32(original, n, mask, mask.count, &best) == STRAIT_OK)
    let expected = (0..<n).filter { Self.isAllowed(mask, $0) }.max { original[$0] < original[$1] || (original[$0] == original[$1] && $0 > $1) }
    #expect(best == Int32(expected ?? -1))
  }

  @Test func rejectsBadBuffers() {
    var logits = [Float](repeating: 1, count: 100)
    let mask = [UInt32](repeating: 0, count: 4)
    #expect(strait_apply_bitmask_f32(nil, 100, mask, 4) == STRAIT_NULL_POINTER)
    #expect(strait_apply_bitmask_f32(&logits, 100, nil, 4) == STRAIT_NULL_POINTER)
    #expect(strait_apply_bitmask_f32(&logits, 100, mask, 3) == STRAIT_BUFFER_TOO_SMALL)
    #expect(CABI.lastError.contains("needs 4"))
    #expect(strait_apply_bitmask_f32(&logits, -1, mask, 4) == STRAIT_INVALID_ARGUMENT)
    #expect(strait_apply_bitmask_f16(nil, 100, mask, 4) == STRAIT_NULL_POINTER)
    #expect(strait_apply_bitmask_bf16(nil, 3, mask, 0) == STRAIT_NULL_POINTER)
    // A row longer than Int32.max tokens is refused before anything is read.
    let huge = Int(Int32.max) + 1
    #expect(strait_apply_bitmask_f32(&logits, huge, mask, huge) == STRAIT_INVALID_ARGUMENT)
    #expect(logits.allSatisfy { $0 == 1 })
    // Empty rows are fine, even without buffers.
    #expect(strait_apply_bitmask_f32(nil, 0, nil, 0) == STRAIT_OK)
    var token: Int32 = 0
    #expect(strait_masked_argmax_f32(nil, 0, nil, 0, &token) == STRAIT_OK)
    #expect(token == -1)
    #expect(strait_masked_argmax_f32(logits, 100, mask, 4, nil) == STRAIT_NULL_POINTER)
    #expect(strait_masked_argmax_f32(logits, 100, mask, 4, &token) == STRAIT_OK)
    #expect(token == -1)  // nothing allowed
  }

  @Test func batchWithAndWithoutIndices() {
    let rows = 4
    let vocab = 70
    let stride = 80  // padded logits rows
    let maskStride = 3
    var masks = [UInt32](repeating: 0, count: rows * maskStride)
    for r in 0..<rows { masks.replaceSubrange((r * maskStride)..<(r * maskStride + 3), with: Self.randomMask(vocab, seed: UInt64(r + 1))) }
    func fresh() -> [Float] { (0..<(rows * stride)).map { Float($0) } }
    func maskRow(_ m: Int) -> [UInt32] { Array(masks[(m * maskStride)..<(m * maskStride + 3)]) }

    // All rows: mask row r on logits row r; padding untouched.
    var all = fresh()
    #expect(strait_apply_bitmask_f32_batch(&all, rows, stride, vocab, masks, rows, maskStride, nil, 0) == STRAIT_OK)
    for r in 0..<rows {
      for i in 0..<stride {
        let v = all[r * stride + i]
        let masked = i < vocab && !Self.isAllowed(maskRow(r), i)
        #expect(v == (masked ? -.infinity : Float(r * stride + i)))
      }
    }
    // Compact masks: mask row k on logits row indices[k]; other rows untouched.
    var some = fresh()
    let indices: [Int32] = [3, 1]
    #expect(strait_apply_bitmask_f32_batch(&some, rows, stride, vocab, masks, 2, maskStride, indices, 2) == STRAIT_OK)
    for r in 0..<rows {
      let k = indices.firstIndex(of: Int32(r))
      for i in 0..<vocab {
        let masked = k.map { !Self.isAllowed(maskRow($0), i) } ?? false
        #expect(some[r * stride + i] == (masked ? -.infinity : Float(r * stride + i)))
      }
    }
    // 16-bit batches.
    var f16 = [UInt16](repeating: 0x3C00, count: rows * stride)
    #expect(strait_apply_bitmask_f16_batch(&f16, rows, stride, vocab, masks, rows, maskStride, nil, 0) == STRAIT_OK)
    var bf16 = [UInt16](repeating: 0x3F80, count: rows * stride)
    #expect(strait_apply_bitmask_bf16_batch(&bf16, rows, stride, vocab, masks, 1, maskStride, [2], 1) == STRAIT_OK)
    for i in 0..<vocab {
      #expect(f16[stride + i] == (Self.isAllowed(maskRow(1), i) ? 0x3C00 : 0xFC00))
      #expect(bf16[2 * stride + i] == (Self.isAllowed(maskRow(0), i) ? 0x3F80 : 0xFF80))
      #expect(bf16[i] == 0x3F80)
    }

    // Bad batches change nothing.
    var logits = fresh()
    #expect(strait_apply_bitmask_f32_batch(&logits, rows, stride, vocab, masks, rows - 1, maskStride, nil, 0) == STRAIT_BUFFER_TOO_SMALL)
    #expect(strait_apply_bitmask_f32_batch(&logits, rows, 60, vocab, masks, rows, maskStride, nil, 0) == STRAIT_BUFFER_TOO_SMALL)
    #expect(strait_apply_bitmask_f32_batch(&logits, rows, stride, vocab, masks, rows, 2, nil, 0) == STRAIT_BUFFER_TOO_SMALL)
    #expect(strait_apply_bitmask_f32_batch(&logits, rows, stride, vocab, masks, 2, maskStride, [0, 4], 2) == STRAIT_INVALID_ARGUMENT)
    #expect(CABI.lastError.contains("indices[1] = 4"))
    #expect(strait_apply_bitmask_f32_batch(&logits, rows, stride, vocab, masks, 2, maskStride, [-1], 1) == STRAIT_INVALID_ARGUMENT)
    #expect(strait_apply_bitmask_f32_batch(&logits, rows, stride, vocab, masks, 1, maskStride, [0, 1], 2) == STRAIT_BUFFER_TOO_SMALL)
    #expect(strait_apply_bitmask_f32_batch(&logits, rows, stride, vocab, masks, rows, maskStride, nil, 2) == STRAIT_NULL_POINTER)
    #expect(strait_apply_bitmask_f32_batch(nil, rows, stride, vocab, masks, rows, maskStride, nil, 0) == STRAIT_NULL_POINTER)
    #expect(strait_apply_bitmask_f32_batch(&logits, Int.max, stride, vocab, masks, rows, maskStride, nil, 0) == STRAIT_INVALID_ARGUMENT)
    #expect(strait_apply_bitmask_f32_batch(&logits, -1, stride, vocab, masks, rows, maskStride, nil, 0) == STRAIT_INVALID_ARGUMENT)
    #expect(logits == fresh())
    #expect(strait_apply_bitmask_f32_batch(nil, 0, 0, 0, nil, 0, 0, nil, 0) == STRAIT_OK)
  }
}
