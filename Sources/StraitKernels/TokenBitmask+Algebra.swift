import CStraitKernels

extension TokenBitmask {
  /// Keeps only the tokens allowed by both masks: `mask &= other`.
  ///
  /// - Throws: ``KernelError/maskLengthMismatch(expected:actual:)`` when the
  ///   masks have different word counts; `mask` is unchanged then.
  /// - Complexity: O(V/32).
  @inline(never)
  public static func formIntersection(
    _ mask: UnsafeMutableBufferPointer<UInt32>, with other: UnsafeBufferPointer<UInt32>
  ) throws(KernelError) {
    guard mask.count == other.count else {
      throw .maskLengthMismatch(expected: mask.count, actual: other.count)
    }
    guard let target = mask.baseAddress, let source = other.baseAddress else { return }
    for index in 0..<mask.count { target[index] &= source[index] }
  }

  /// Allows the tokens allowed by either mask: `mask |= other`.
  ///
  /// - Throws: ``KernelError/maskLengthMismatch(expected:actual:)`` when the
  ///   masks have different word counts; `mask` is unchanged then.
  /// - Complexity: O(V/32).
  @inline(never)
  public static func formUnion(
    _ mask: UnsafeMutableBufferPointer<UInt32>, with other: UnsafeBufferPointer<UInt32>
  ) throws(KernelError) {
    guard mask.count == other.count else {
      throw .maskLengthMismatch(expected: mask.count, actual: other.count)
    }
    guard let target = mask.baseAddress, let source = other.baseAddress else { return }
    for index in 0..<mask.count { target[index] |= source[index] }
  }

  /// The number of allowed tokens among the first `vocabularySize` (bits past
  /// it are ignored).
  ///
  /// Uses the POPCNT instruction or AVX-512 VPOPCNTDQ when the CPU has them
  /// (baseline x86-64 has neither; the fallback is ~10× slower).
  ///
  /// - Parameters:
  ///   - mask: The bitmask, at least `(vocabularySize + 31) / 32` words.
  ///   - vocabularySize: How many tokens the mask covers.
  /// - Returns: The number of set bits below `vocabularySize`.
  /// - Throws: ``KernelError/maskTooShort(expected:actual:)`` or
  ///   ``KernelError/invalidVocabularySize(_:)``.
  /// - Complexity: O(V/32).
  public static func allowedCount(_ mask: UnsafeBufferPointer<UInt32>, vocabularySize: Int)
    throws(KernelError) -> Int
  {
    try MaskKernels.checkVocabulary(vocabularySize)
    let words = wordCount(forVocabularySize: vocabularySize)
    guard mask.count >= words else { throw .maskTooShort(expected: words, actual: mask.count) }
    guard words > 0, let base = mask.baseAddress else { return 0 }
    let full = vocabularySize / 32
    var total = popcount(base, count: full)
    let rest = vocabularySize & 31
    if rest != 0 {
      total &+= (base[full] & ((1 &<< UInt32(rest)) &- 1)).nonzeroBitCount
    }
    return total
  }

  /// Set bits in `words[0..<count]`, with the fastest instruction available.
  @inline(never)
  static func popcount(_ words: UnsafePointer<UInt32>, count: Int) -> Int {
    #if arch(x86_64)
      if CPUFeatures.current.contains(.avx512Popcount) {
        return Int(strait_kernels_popcount_avx512(words, count))
      }
      if CPUFeatures.current.contains(.popcnt) {
        return Int(strait_kernels_popcount_popcnt(words, count))
      }
    #endif
    var total = 0
    for index in 0..<count { total &+= words[index].nonzeroBitCount }
    return total
  }
}
