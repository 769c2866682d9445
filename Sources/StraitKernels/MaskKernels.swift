/// SIMD kernels that apply a token bitmask to logits, and masked argmax.
///
/// A bitmask is `UInt32` words; bit `i % 32` of word `i / 32` is set when
/// token `i` is allowed (the XGrammar / llguidance layout, see ``TokenBitmask``).
/// Applying it writes negative infinity into every disallowed logit, in place:
/// `Float`, `Float16`, and bfloat16 stored as `UInt16`.
///
/// ```swift
/// try logits.withUnsafeMutableBufferPointer { logits in
///   try mask.withUnsafeBufferPointer { mask in
///     try MaskKernels.applyMask(mask, to: logits)
///   }
/// }
/// ```
///
/// There are two kinds of entry points:
/// - **checked** (`applyMask`, `maskedArgmax`): validate every length, stride
///   and index first and throw ``KernelError`` without touching memory;
/// - **unchecked** (`applyMaskUnchecked`, `maskedArgmaxUnchecked`): raw
///   pointers and documented preconditions, for the C ABI and hot loops that
///   validated once.
///
/// Both run the same non-inlinable kernels, chosen once per process: AVX-512
/// or AVX2 C clones when the CPU has them, else portable Swift SIMD (see
/// ``KernelPath``). None of them allocates.
///
/// Speed (this project's 2-vCPU Sapphire Rapids VM, default
/// `swift build -c release`): a 128k-token `Float` row takes about as long as a
/// `memcpy` of the same bytes; see `strait bench kernels`.
public enum MaskKernels {
  /// Validates a vocabulary size: `0...Int32.max`.
  @inline(__always)
  static func checkVocabulary(_ size: Int) throws(KernelError) {
    guard size >= 0 && size <= Int(Int32.max) else { throw .invalidVocabularySize(size) }
  }

  /// Validates a single row: vocabulary size, logits and mask lengths, path.
  @inline(__always)
  static func checkRow(
    vocabularySize: Int, logitsCount: Int, maskCount: Int, path: KernelPath
  ) throws(KernelError) -> KernelTable {
    try checkVocabulary(vocabularySize)
    guard logitsCount >= vocabularySize else {
      throw .logitsTooShort(expected: vocabularySize, actual: logitsCount)
    }
    let words = TokenBitmask.wordCount(forVocabularySize: vocabularySize)
    guard maskCount >= words else { throw .maskTooShort(expected: words, actual: maskCount) }
    guard let table = KernelTable.table(for: path) else { throw .pathUnavailable(path) }
    return table
  }
}
