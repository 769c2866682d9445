// Checked single-row mask application.

extension MaskKernels {
  /// Sets every disallowed `Float` logit to `-infinity`, in place.
  ///
  /// Logits past `vocabularySize` and mask bits past it are ignored, so a
  /// padded logits row (model vocabulary larger than the tokenizer's) works.
  ///
  /// - Parameters:
  ///   - mask: The allowed-token bitmask, at least `(V + 31) / 32` words.
  ///   - logits: The logits row, at least `V` elements.
  ///   - vocabularySize: `V`, how many tokens to process; default `logits.count`.
  ///   - path: The implementation to run; default the best for this CPU.
  /// - Throws: ``KernelError/logitsTooShort(expected:actual:)``,
  ///   ``KernelError/maskTooShort(expected:actual:)``,
  ///   ``KernelError/invalidVocabularySize(_:)``, or
  ///   ``KernelError/pathUnavailable(_:)``; nothing is written then.
  /// - Complexity: O(V); about the time of a `memcpy` of the logits.
  public static func applyMask(
    _ mask: UnsafeBufferPointer<UInt32>, to logits: UnsafeMutableBufferPointer<Float>,
    vocabularySize: Int? = nil, path: KernelPath = .automatic
  ) throws(KernelError) {
    let size = vocabularySize ?? logits.count
    let table = try checkRow(
      vocabularySize: size, logitsCount: logits.count, maskCount: mask.count, path: path)
    guard size > 0, let logitsBase = logits.baseAddress, let maskBase = mask.baseAddress else {
      return
    }
    table.applyF32(logitsBase, maskBase, size)
  }

  /// Sets every disallowed 16-bit logit to `-infinity` of `format`, in place.
  ///
  /// - Parameters:
  ///   - mask: The allowed-token bitmask, at least `(V + 31) / 32` words.
  ///   - logits: The logits row as raw bit patterns, at least `V` elements.
  ///   - format: ``HalfPrecisionFormat/float16`` (-inf = `0xFC00`) or
  ///     ``HalfPrecisionFormat/bfloat16`` (-inf = `0xFF80`).
  ///   - vocabularySize: `V`; default `logits.count`.
  ///   - path: The implementation to run; default the best for this CPU.
  /// - Throws: As the `Float` variant; nothing is written then.
  /// - Complexity: O(V); about the time of a `memcpy` of the logits.
  public static func applyMask(
    _ mask: UnsafeBufferPointer<UInt32>, to logits: UnsafeMutableBufferPointer<UInt16>,
    format: HalfPrecisionFormat, vocabularySize: Int? = nil, path: KernelPath = .automatic
  ) throws(KernelError) {
    let size = vocabularySize ?? logits.count
    let table = try checkRow(
      vocabularySize: size, logitsCount: logits.count, maskCount: mask.count, path: path)
    guard size > 0, let logitsBase = logits.baseAddress, let maskBase = mask.baseAddress else {
      return
    }
    table.applyU16(logitsBase, maskBase, size, format.negativeInfinityBits)
  }

  #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    /// Sets every disallowed `Float16` logit to `-infinity`, in place.
    ///
    /// The same kernel as the `UInt16` variant with ``HalfPrecisionFormat/float16``.
    ///
    /// - Parameters:
    ///   - mask: The allowed-token bitmask, at least `(V + 31) / 32` words.
    ///   - logits: The logits row, at least `V` elements.
    ///   - vocabularySize: `V`; default `logits.count`.
    ///   - path: The implementation to run; default the best for this CPU.
    /// - Throws: As the `Float` variant; nothing is written then.
    /// - Complexity: O(V); about the time of a `memcpy` of the logits.
    public static func applyMask(
      _ mask: UnsafeBufferPointer<UInt32>, to logits: UnsafeMutableBufferPointer<Float16>,
      vocabularySize: Int? = nil, path: KernelPath = .automatic
    ) throws(KernelError) {
      try logits.withMemoryRebound(to: UInt16.self) { (bits) throws(KernelError) in
        try applyMask(mask, to: bits, format: .float16, vocabularySize: vocabularySize, path: path)
      }
    }
  #endif
}
