// Checked masked argmax (greedy decoding under a mask, without writing -inf).

extension MaskKernels {
  /// The token with the largest logit among the allowed ones.
  ///
  /// NaN logits never win; ties go to the lowest token id; an allowed
  /// `-infinity` still counts (it beats "nothing allowed"). The logits are
  /// only read.
  ///
  /// - Parameters:
  ///   - logits: The logits row, at least `V` elements.
  ///   - mask: The allowed-token bitmask, at least `(V + 31) / 32` words.
  ///   - vocabularySize: `V`; default `logits.count`.
  ///   - path: The implementation to run; default the best for this CPU.
  /// - Returns: The token id, or nil when no allowed token has a non-NaN logit.
  /// - Throws: ``KernelError/logitsTooShort(expected:actual:)``,
  ///   ``KernelError/maskTooShort(expected:actual:)``,
  ///   ``KernelError/invalidVocabularySize(_:)`` or
  ///   ``KernelError/pathUnavailable(_:)``.
  /// - Complexity: O(V), one read pass.
  public static func maskedArgmax(
    _ logits: UnsafeBufferPointer<Float>, mask: UnsafeBufferPointer<UInt32>,
    vocabularySize: Int? = nil, path: KernelPath = .automatic
  ) throws(KernelError) -> Int? {
    let size = vocabularySize ?? logits.count
    let table = try checkRow(
      vocabularySize: size, logitsCount: logits.count, maskCount: mask.count, path: path)
    guard size > 0, let logitsBase = logits.baseAddress, let maskBase = mask.baseAddress else {
      return nil
    }
    let index = table.argmaxF32(logitsBase, maskBase, size)
    return index >= 0 ? index : nil
  }

  /// The token with the largest 16-bit logit of `format` among the allowed ones.
  ///
  /// Same rules as the `Float` variant; values compare as the numbers they
  /// encode (-0 equals +0).
  ///
  /// - Parameters:
  ///   - logits: The logits row as raw bit patterns, at least `V` elements.
  ///   - mask: The allowed-token bitmask, at least `(V + 31) / 32` words.
  ///   - format: How the 16-bit patterns encode numbers.
  ///   - vocabularySize: `V`; default `logits.count`.
  ///   - path: The implementation to run; default the best for this CPU.
  /// - Returns: The token id, or nil when no allowed token has a non-NaN logit.
  /// - Throws: As the `Float` variant.
  /// - Complexity: O(V), up to two read passes.
  public static func maskedArgmax(
    _ logits: UnsafeBufferPointer<UInt16>, mask: UnsafeBufferPointer<UInt32>,
    format: HalfPrecisionFormat, vocabularySize: Int? = nil, path: KernelPath = .automatic
  ) throws(KernelError) -> Int? {
    let size = vocabularySize ?? logits.count
    let table = try checkRow(
      vocabularySize: size, logitsCount: logits.count, maskCount: mask.count, path: path)
    guard size > 0, let logitsBase = logits.baseAddress, let maskBase = mask.baseAddress else {
      return nil
    }
    let index = table.argmaxU16(logitsBase, maskBase, size, format.rawValue)
    return index >= 0 ? index : nil
  }

  #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    /// The token with the largest `Float16` logit among the allowed ones.
    ///
    /// - Parameters:
    ///   - logits: The logits row, at least `V` elements.
    ///   - mask: The allowed-token bitmask, at least `(V + 31) / 32` words.
    ///   - vocabularySize: `V`; default `logits.count`.
    ///   - path: The implementation to run; default the best for this CPU.
    /// - Returns: The token id, or nil when no allowed token has a non-NaN logit.
    /// - Throws: As the `Float` variant.
    /// - Complexity: O(V), up to two read passes.
    public static func maskedArgmax(
      _ logits: UnsafeBufferPointer<Float16>, mask: UnsafeBufferPointer<UInt32>,
      vocabularySize: Int? = nil, path: KernelPath = .automatic
    ) throws(KernelError) -> Int? {
      try logits.withMemoryRebound(to: UInt16.self) { (bits) throws(KernelError) in
        try maskedArgmax(
          bits, mask: mask, format: .float16, vocabularySize: vocabularySize, path: path)
      }
    }
  #endif
}
