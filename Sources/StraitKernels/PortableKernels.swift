/// The portable Swift SIMD kernels: the fallback when the CPU has no AVX2, and
/// the only vector path off x86-64.
///
/// They follow the code shape measured in `notes/simd-limits.md`: 16-lane
/// vectors at most, lane constants as local literals, vector-to-vector
/// comparisons only (`(v & bits) .== zero`, never `.== 0`), unaligned raw
/// loads and stores. Any of these "simplifications" compiles to a per-lane
/// loop through the stack (50–300× slower); `scripts/check-kernels-vectorized.sh`
/// fails when that happens. Preconditions are those of the unchecked kernels.
package enum PortableKernels {
  /// Sets every disallowed Float32 logit to `-infinity`.
  ///
  /// - Complexity: O(V), two 16-lane blends per mask word.
  @inline(never)
  package static func applyMask(
    _ mask: UnsafePointer<UInt32>, to logits: UnsafeMutablePointer<Float>, vocabularySize: Int
  ) {
    let low = SIMD16<UInt32>(
      1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
      1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)
    let high = SIMD16<UInt32>(
      1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20, 1 << 21, 1 << 22, 1 << 23,
      1 << 24, 1 << 25, 1 << 26, 1 << 27, 1 << 28, 1 << 29, 1 << 30, 1 << 31)
    let zero = SIMD16<UInt32>()
    let raw = UnsafeMutableRawPointer(logits)
    let words = vocabularySize &>> 5
    var word = 0
    while word < words {
      let bits = SIMD16<UInt32>(repeating: mask[word])
      let offset = word &* 128
      let a = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
      let b = raw.loadUnaligned(fromByteOffset: offset &+ 64, as: SIMD16<Float>.self)
      raw.storeBytes(
        of: a.replacing(with: -.infinity, where: (bits & low) .== zero),
        toByteOffset: offset, as: SIMD16<Float>.self)
      raw.storeBytes(
        of: b.replacing(with: -.infinity, where: (bits & high) .== zero),
        toByteOffset: offset &+ 64, as: SIMD16<Float>.self)
      word &+= 1
    }
    let rest = vocabularySize & 31
    if rest != 0 {
      let last = mask[words]
      let base = words &* 32
      for lane in 0..<rest where (last &>> UInt32(lane)) & 1 == 0 {
        logits[base &+ lane] = -.infinity
      }
    }
  }

  /// Sets every disallowed 16-bit logit to `fill`.
  ///
  /// - Complexity: O(V), two 16-lane blends per mask word.
  @inline(never)
  package static func applyMask(
    _ mask: UnsafePointer<UInt32>, to logits: UnsafeMutablePointer<UInt16>, vocabularySize: Int,
    fill: UInt16
  ) {
    let lanes = SIMD16<UInt16>(
      1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
      1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)
    let zero = SIMD16<UInt16>()
    let raw = UnsafeMutableRawPointer(logits)
    let words = vocabularySize &>> 5
    var word = 0
    while word < words {
      let value = mask[word]
      // Two SIMD16<UInt16> halves, never one SIMD32 (a per-lane loop in Swift 6.3).
      let low = SIMD16<UInt16>(repeating: UInt16(truncatingIfNeeded: value))
      let high = SIMD16<UInt16>(repeating: UInt16(truncatingIfNeeded: value &>> 16))
      let offset = word &* 64
      let a = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt16>.self)
      let b = raw.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD16<UInt16>.self)
      raw.storeBytes(
        of: a.replacing(with: fill, where: (low & lanes) .== zero),
        toByteOffset: offset, as: SIMD16<UInt16>.self)
      raw.storeBytes(
        of: b.replacing(with: fill, where: (high & lanes) .== zero),
        toByteOffset: offset &+ 32, as: SIMD16<UInt16>.self)
      word &+= 1
    }
    let rest = vocabularySize & 31
    if rest != 0 {
      let last = mask[words]
      let base = words &* 32
      for lane in 0..<rest where (last &>> UInt32(lane)) & 1 == 0 {
        logits[base &+ lane] = fill
      }
    }
  }
}
