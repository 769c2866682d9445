/// The obviously-correct, one-element-at-a-time versions of the mask kernels.
///
/// They define what every vectorized kernel must compute, and tests compare
/// the kernels with them bit for bit. They are 50–100× slower than the SIMD
/// kernels (about 1 ms per 128k-token row); never use them on the decode path.
///
/// All functions share the preconditions of the unchecked kernels: `logits`
/// holds at least `vocabularySize` elements and `mask` at least
/// `TokenBitmask.wordCount(forVocabularySize: vocabularySize)` words.
public enum ScalarReference {
  /// Whether token `token`'s bit is set.
  @inline(__always)
  static func bit(_ mask: UnsafePointer<UInt32>, _ token: Int) -> Bool {
    (mask[token &>> 5] &>> UInt32(token & 31)) & 1 != 0
  }

  /// Sets every disallowed Float32 logit to `-infinity`.
  ///
  /// - Complexity: O(V).
  @inline(never)
  public static func applyMask(
    _ mask: UnsafePointer<UInt32>, to logits: UnsafeMutablePointer<Float>, vocabularySize: Int
  ) {
    for token in 0..<vocabularySize where !bit(mask, token) {
      logits[token] = -.infinity
    }
  }

  /// Sets every disallowed 16-bit logit to `fill` (a -infinity bit pattern).
  ///
  /// - Complexity: O(V).
  @inline(never)
  public static func applyMask(
    _ mask: UnsafePointer<UInt32>, to logits: UnsafeMutablePointer<UInt16>, vocabularySize: Int,
    fill: UInt16
  ) {
    for token in 0..<vocabularySize where !bit(mask, token) {
      logits[token] = fill
    }
  }

  /// The index of the largest allowed Float32 logit, or -1 when no allowed
  /// logit is a number. NaN never wins; ties go to the lowest index.
  ///
  /// - Complexity: O(V).
  @inline(never)
  public static func maskedArgmax(
    _ logits: UnsafePointer<Float>, mask: UnsafePointer<UInt32>, vocabularySize: Int
  ) -> Int {
    var winner = -1
    var best: Float = 0
    for token in 0..<vocabularySize where bit(mask, token) {
      let value = logits[token]
      if value.isNaN { continue }
      if winner < 0 || value > best {
        winner = token
        best = value
      }
    }
    return winner
  }

  /// The index of the largest allowed 16-bit logit read in `format`, or -1.
  /// Each value is widened to `Float` (exactly) before comparing.
  ///
  /// - Complexity: O(V).
  @inline(never)
  public static func maskedArgmax(
    _ logits: UnsafePointer<UInt16>, mask: UnsafePointer<UInt32>, vocabularySize: Int,
    format: HalfPrecisionFormat
  ) -> Int {
    var winner = -1
    var best: Float = 0
    for token in 0..<vocabularySize where bit(mask, token) {
      let value = format.floatValue(ofBits: logits[token])
      if value.isNaN { continue }
      if winner < 0 || value > best {
        winner = token
        best = value
      }
    }
    return winner
  }
}
