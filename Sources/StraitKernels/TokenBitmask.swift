/// Helpers for allowed-token bitmasks in the XGrammar / llguidance layout.
///
/// A mask for a vocabulary of `V` tokens is `(V + 31) / 32` `UInt32` words;
/// bit `i % 32` of word `i / 32` is set when token `i` is allowed. Bits past
/// `V` in the last word carry no meaning: every function here and in
/// ``MaskKernels`` ignores them.
///
/// The masks themselves are caller-owned buffers (a host usually reuses one
/// per sequence); these helpers never allocate, except ``allowedTokenIDs(_:vocabularySize:)``.
public enum TokenBitmask {
  /// The number of `UInt32` words of a mask for `vocabularySize` tokens:
  /// `(vocabularySize + 31) / 32` (0 for a negative size).
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func wordCount(forVocabularySize vocabularySize: Int) -> Int {
    vocabularySize <= 0 ? 0 : (vocabularySize &- 1) / 32 &+ 1
  }

  /// Whether `token`'s bit is set; false for ids outside the mask.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func isAllowed(_ token: Int, in mask: UnsafeBufferPointer<UInt32>) -> Bool {
    guard token >= 0, token / 32 < mask.count else { return false }
    return mask[token / 32] & (1 &<< UInt32(token & 31)) != 0
  }

  /// Sets `token`'s bit.
  ///
  /// - Throws: ``KernelError/tokenOutOfRange(token:limit:)`` when `token` is
  ///   negative or past the mask's `32 * mask.count` bits.
  /// - Complexity: O(1).
  @inlinable
  public static func allow(_ token: Int, in mask: UnsafeMutableBufferPointer<UInt32>)
    throws(KernelError)
  {
    guard token >= 0, token / 32 < mask.count else {
      throw .tokenOutOfRange(token: token, limit: mask.count &* 32)
    }
    mask[token / 32] |= 1 &<< UInt32(token & 31)
  }

  /// Clears `token`'s bit.
  ///
  /// - Throws: ``KernelError/tokenOutOfRange(token:limit:)`` when `token` is
  ///   negative or past the mask's `32 * mask.count` bits.
  /// - Complexity: O(1).
  @inlinable
  public static func disallow(_ token: Int, in mask: UnsafeMutableBufferPointer<UInt32>)
    throws(KernelError)
  {
    guard token >= 0, token / 32 < mask.count else {
      throw .tokenOutOfRange(token: token, limit: mask.count &* 32)
    }
    mask[token / 32] &= ~(1 &<< UInt32(token & 31))
  }

  /// Sets every bit (all tokens allowed, XGrammar's reset state) or clears
  /// every bit.
  ///
  /// - Parameters:
  ///   - mask: The mask to overwrite.
  ///   - allowed: `true` for all ones, `false` for all zeros.
  /// - Complexity: O(V/32).
  public static func fill(_ mask: UnsafeMutableBufferPointer<UInt32>, allowed: Bool) {
    mask.initialize(repeating: allowed ? .max : 0)
  }
}
