extension PortableKernels {
  /// The index of the largest allowed Float32 logit, or -1 (see
  /// ``ScalarReference/maskedArgmax(_:mask:vocabularySize:)``).
  ///
  /// Two passes, like the C clones: the maximum of the allowed logits
  /// (ordered `>`, so NaN never wins; two accumulators per mask word), then
  /// the first allowed logit equal to it (which also settles -0 vs +0 ties and
  /// an allowed -inf).
  ///
  /// - Complexity: O(V); the second pass stops at the first match.
  @inline(never)
  package static func maskedArgmax(
    _ logits: UnsafePointer<Float>, mask: UnsafePointer<UInt32>, vocabularySize: Int
  ) -> Int {
    let low = SIMD16<UInt32>(
      1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
      1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)
    let high = SIMD16<UInt32>(
      1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20, 1 << 21, 1 << 22, 1 << 23,
      1 << 24, 1 << 25, 1 << 26, 1 << 27, 1 << 28, 1 << 29, 1 << 30, 1 << 31)
    let zero = SIMD16<UInt32>()
    let raw = UnsafeRawPointer(logits)
    let words = vocabularySize &>> 5
    let base = words &* 32

    var bestLow = SIMD16<Float>(repeating: -.infinity)
    var bestHigh = bestLow
    var word = 0
    while word < words {
      let bits = SIMD16<UInt32>(repeating: mask[word])
      let a = raw.loadUnaligned(fromByteOffset: word &* 128, as: SIMD16<Float>.self)
      let b = raw.loadUnaligned(fromByteOffset: word &* 128 &+ 64, as: SIMD16<Float>.self)
      bestLow.replace(with: a, where: ((bits & low) .!= zero) .& (a .> bestLow))
      bestHigh.replace(with: b, where: ((bits & high) .!= zero) .& (b .> bestHigh))
      word &+= 1
    }
    bestLow.replace(with: bestHigh, where: bestHigh .> bestLow)
    var top = horizontalMax(bestLow)
    for token in base..<vocabularySize where (mask[words] &>> UInt32(token & 31)) & 1 != 0 {
      if logits[token] > top { top = logits[token] }
    }

    let target = SIMD16<Float>(repeating: top)
    word = 0
    while word < words {
      let bits = SIMD16<UInt32>(repeating: mask[word])
      let a = raw.loadUnaligned(fromByteOffset: word &* 128, as: SIMD16<Float>.self)
      let b = raw.loadUnaligned(fromByteOffset: word &* 128 &+ 64, as: SIMD16<Float>.self)
      let hitA = ((bits & low) .!= zero) .& (a .== target)
      let hitB = ((bits & high) .!= zero) .& (b .== target)
      if any(hitA .| hitB) {
        for lane in 0..<16 where hitA[lane] { return word &* 32 &+ lane }
        for lane in 0..<16 where hitB[lane] { return word &* 32 &+ 16 &+ lane }
      }
      word &+= 1
    }
    for token in base..<vocabularySize
    where (mask[words] &>> UInt32(token & 31)) & 1 != 0 && logits[token] == top {
      return token
    }
    return -1
  }

  /// The index of the largest allowed 16-bit logit read in `format`, or -1.
  ///
  /// Compares integer keys instead of widening to `Float` (baseline x86-64 has
  /// no half-precision conversion instruction): for a non-NaN pattern with
  /// magnitude `m`, the key is `m` if positive and `-m` if negative, which
  /// orders like the values and maps -0 and +0 to the same key. Two passes:
  /// the largest key of allowed numbers, then the first allowed lane holding it.
  ///
  /// - Complexity: O(V); the second pass stops at the first match.
  @inline(never)
  package static func maskedArgmax(
    _ logits: UnsafePointer<UInt16>, mask: UnsafePointer<UInt32>, vocabularySize: Int,
    format: HalfPrecisionFormat
  ) -> Int {
    let lanes = SIMD16<UInt16>(
      1 << 0, 1 << 1, 1 << 2, 1 << 3, 1 << 4, 1 << 5, 1 << 6, 1 << 7,
      1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15)
    let zero = SIMD16<UInt16>()
    let magnitudeBits = SIMD16<UInt16>(repeating: 0x7FFF)
    let infinity = SIMD16<UInt16>(repeating: format.infinityMagnitudeBits)
    let nothing = SIMD16<Int16>(repeating: .min)  // below every real key (>= -0x7F80)
    let raw = UnsafeRawPointer(logits)
    let words = vocabularySize &>> 5

    // One 16-lane half: the keys, with disallowed lanes and NaNs at `.min`.
    @inline(__always)
    func keys(_ bits: SIMD16<UInt16>, _ byteOffset: Int) -> SIMD16<Int16> {
      let x = raw.loadUnaligned(fromByteOffset: byteOffset, as: SIMD16<UInt16>.self)
      let magnitude = x & magnitudeBits
      let positive = SIMD16<Int16>(truncatingIfNeeded: magnitude)
      let key = positive.replacing(with: SIMD16<Int16>() &- positive, where: x .> magnitudeBits)
      return key.replacing(
        with: nothing, where: ((bits & lanes) .== zero) .| (magnitude .> infinity))
    }

    var best = nothing
    var word = 0
    while word < words {
      let value = mask[word]
      let low = SIMD16<UInt16>(repeating: UInt16(truncatingIfNeeded: value))
      let high = SIMD16<UInt16>(repeating: UInt16(truncatingIfNeeded: value &>> 16))
      let a = keys(low, word &* 64)
      best.replace(with: a, where: a .> best)
      let b = keys(high, word &* 64 &+ 32)
      best.replace(with: b, where: b .> best)
      word &+= 1
    }
    var top = horizontalMax(best)

    // The scalar tail, with the same key mapping.
    @inline(__always)
    func scalarKey(_ token: Int) -> Int16? {
      guard (mask[token &>> 5] &>> UInt32(token & 31)) & 1 != 0 else { return nil }
      let x = logits[token]
      let magnitude = x & 0x7FFF
      if magnitude > format.infinityMagnitudeBits { return nil }
      return x & 0x8000 != 0 ? -Int16(magnitude) : Int16(magnitude)
    }
    let base = words &* 32
    for token in base..<vocabularySize {
      if let key = scalarKey(token), key > top { top = key }
    }
    if top == .min { return -1 }  // no real key equals `.min`

    // Second pass: the first allowed number whose key is `top`.
    let target = SIMD16<Int16>(repeating: top)
    word = 0
    while word < words {
      let value = mask[word]
      let low = SIMD16<UInt16>(repeating: UInt16(truncatingIfNeeded: value))
      let high = SIMD16<UInt16>(repeating: UInt16(truncatingIfNeeded: value &>> 16))
      let hitA = keys(low, word &* 64) .== target
      let hitB = keys(high, word &* 64 &+ 32) .== target
      if any(hitA .| hitB) {
        for lane in 0..<16 where hitA[lane] { return word &* 32 &+ lane }
        for lane in 0..<16 where hitB[lane] { return word &* 32 &+ 16 &+ lane }
      }
      word &+= 1
    }
    for token in base..<vocabularySize where scalarKey(token) == top {
      return token
    }
    return -1
  }
}

/// The largest lane, by halving (`lowHalf`/`highHalf` are register shuffles);
/// `SIMD.max()` compiles to a per-lane loop through the stack. NaN-free input.
@inline(__always)
private func horizontalMax<T: SIMDScalar & Comparable>(_ vector: SIMD16<T>) -> T {
  var eight = vector.lowHalf
  eight.replace(with: vector.highHalf, where: vector.highHalf .> eight)
  var four = eight.lowHalf
  four.replace(with: eight.highHalf, where: eight.highHalf .> four)
  var two = four.lowHalf
  two.replace(with: four.highHalf, where: four.highHalf .> two)
  return max(two[0], two[1])
}
