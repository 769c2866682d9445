extension PortableKernels {
  /// The index of the largest allowed Float32 logit, or -1 (see
  /// ``ScalarReference/maskedArgmax(_:mask:vocabularySize:)``).
  ///
  /// Each of 16 lanes keeps its best value and index. A lane takes an element
  /// when it is allowed and either beats the lane's best (ordered `>`, so NaN
  /// never wins) or is the lane's first allowed number (so an allowed -inf
  /// still counts). Cross-lane ties are broken by index at the end.
  ///
  /// - Complexity: O(V), one pass.
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
    let noIndex = SIMD16<Int32>()
    let step = SIMD16<Int32>(repeating: 16)
    var index = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    var best = SIMD16<Float>(repeating: -.infinity)
    // Lane holds (index + 1); 0 = "nothing yet", so the test is `.== noIndex`.
    var bestIndex = SIMD16<Int32>()
    let raw = UnsafeRawPointer(logits)
    let words = vocabularySize &>> 5
    var word = 0
    while word < words {
      let bits = SIMD16<UInt32>(repeating: mask[word])
      let offset = word &* 128
      let a = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
      let takeA = ((bits & low) .!= zero) .& ((a .> best) .| ((a .== a) .& (bestIndex .== noIndex)))
      best.replace(with: a, where: takeA)
      index &+= 1
      bestIndex.replace(with: index, where: takeA)
      let b = raw.loadUnaligned(fromByteOffset: offset &+ 64, as: SIMD16<Float>.self)
      index &+= step
      let takeB = ((bits & high) .!= zero) .& ((b .> best) .| ((b .== b) .& (bestIndex .== noIndex)))
      best.replace(with: b, where: takeB)
      bestIndex.replace(with: index, where: takeB)
      index &+= step &- 1
      word &+= 1
    }
    var winner = -1
    var value: Float = 0
    for lane in 0..<16 where bestIndex[lane] != 0 {
      let candidate = Int(bestIndex[lane]) &- 1
      if winner < 0 || best[lane] > value || (best[lane] == value && candidate < winner) {
        winner = candidate
        value = best[lane]
      }
    }
    // The tail's indices are larger than every vector candidate: strict `>`
    // keeps the first occurrence.
    let base = words &* 32
    for token in base..<vocabularySize where (mask[words] &>> UInt32(token & 31)) & 1 != 0 {
      let x = logits[token]
      if !x.isNaN && (winner < 0 || x > value) {
        winner = token
        value = x
      }
    }
    return winner
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
    var top = best.max()

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
