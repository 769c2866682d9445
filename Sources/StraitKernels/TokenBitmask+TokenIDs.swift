extension TokenBitmask {
  /// The allowed token ids below `vocabularySize`, ascending.
  ///
  /// Not for the decode loop (it allocates); meant for tools, tests and
  /// `forcedTokens`-style queries on nearly empty masks.
  ///
  /// - Parameters:
  ///   - mask: The bitmask, at least `(vocabularySize + 31) / 32` words.
  ///   - vocabularySize: How many tokens the mask covers.
  /// - Returns: The ids of the set bits.
  /// - Throws: ``KernelError/maskTooShort(expected:actual:)`` or
  ///   ``KernelError/invalidVocabularySize(_:)``.
  /// - Complexity: O(V/32 + k) for k allowed tokens.
  public static func allowedTokenIDs(_ mask: UnsafeBufferPointer<UInt32>, vocabularySize: Int)
    throws(KernelError) -> [Int32]
  {
    let count = try allowedCount(mask, vocabularySize: vocabularySize)
    var ids: [Int32] = []
    ids.reserveCapacity(count)
    let words = wordCount(forVocabularySize: vocabularySize)
    for word in 0..<words {
      var bits = mask[word]
      if word == words - 1 && vocabularySize & 31 != 0 {
        bits &= (1 &<< UInt32(vocabularySize & 31)) &- 1
      }
      while bits != 0 {
        ids.append(Int32(word * 32 + bits.trailingZeroBitCount))
        bits &= bits &- 1
      }
    }
    return ids
  }
}
