// Checked batch mask application (rows × vocabulary).

extension MaskKernels {
  /// Applies mask rows to `Float` logits rows, in place.
  ///
  /// Without `indices`, mask row `r` goes to logits row `r` for every
  /// `r < layout.rowCount`. With `indices`, only the listed rows change:
  /// ``BatchIndexing/sameRow`` pairs mask row `r` with logits row `r` for each
  /// `r` in `indices` (XGrammar's `apply_token_bitmask_inplace`), and
  /// ``BatchIndexing/compactMasks`` pairs mask row `i` with logits row
  /// `indices[i]`.
  ///
  /// Everything is validated before the first write.
  ///
  /// - Parameters:
  ///   - masks: The mask rows, `layout.maskRowStride` words apart.
  ///   - logits: The logits rows, `layout.logitsRowStride` elements apart.
  ///   - layout: Row count, vocabulary size and strides.
  ///   - indices: The rows to mask, or nil for all rows.
  ///   - indexing: How `indices` pairs mask rows with logits rows.
  ///   - path: The implementation to run; default the best for this CPU.
  /// - Throws: ``KernelError/rowIndexOutOfRange(index:position:rowCount:)``,
  ///   ``KernelError/logitsTooShort(expected:actual:)``,
  ///   ``KernelError/maskTooShort(expected:actual:)``,
  ///   ``KernelError/strideTooSmall(stride:minimum:)``,
  ///   ``KernelError/invalidRowCount(_:)``,
  ///   ``KernelError/invalidVocabularySize(_:)`` or
  ///   ``KernelError/pathUnavailable(_:)``; nothing is written then.
  /// - Complexity: O(rows × V).
  public static func applyMask(
    batch masks: UnsafeBufferPointer<UInt32>, to logits: UnsafeMutableBufferPointer<Float>,
    layout: BatchLayout, indices: UnsafeBufferPointer<Int32>? = nil,
    indexing: BatchIndexing = .sameRow, path: KernelPath = .automatic
  ) throws(KernelError) {
    try layout.validate(
      logitsCount: logits.count, maskCount: masks.count, indices: indices, indexing: indexing)
    guard let table = KernelTable.table(for: path) else { throw .pathUnavailable(path) }
    guard layout.vocabularySize > 0, let logitsBase = logits.baseAddress,
      let maskBase = masks.baseAddress
    else { return }
    let kernel = table.applyF32
    layout.forEachRow(indices: indices, indexing: indexing) { logitsOffset, maskOffset in
      kernel(logitsBase + logitsOffset, maskBase + maskOffset, layout.vocabularySize)
    }
  }

  /// Applies mask rows to 16-bit logits rows of `format`, in place.
  ///
  /// Row selection and validation as in the `Float` batch variant.
  ///
  /// - Parameters:
  ///   - masks: The mask rows, `layout.maskRowStride` words apart.
  ///   - logits: The logits rows as raw bit patterns.
  ///   - format: How the 16-bit patterns encode numbers.
  ///   - layout: Row count, vocabulary size and strides.
  ///   - indices: The rows to mask, or nil for all rows.
  ///   - indexing: How `indices` pairs mask rows with logits rows.
  ///   - path: The implementation to run; default the best for this CPU.
  /// - Throws: As the `Float` batch variant; nothing is written then.
  /// - Complexity: O(rows × V).
  public static func applyMask(
    batch masks: UnsafeBufferPointer<UInt32>, to logits: UnsafeMutableBufferPointer<UInt16>,
    format: HalfPrecisionFormat, layout: BatchLayout, indices: UnsafeBufferPointer<Int32>? = nil,
    indexing: BatchIndexing = .sameRow, path: KernelPath = .automatic
  ) throws(KernelError) {
    try layout.validate(
      logitsCount: logits.count, maskCount: masks.count, indices: indices, indexing: indexing)
    guard let table = KernelTable.table(for: path) else { throw .pathUnavailable(path) }
    guard layout.vocabularySize > 0, let logitsBase = logits.baseAddress,
      let maskBase = masks.baseAddress
    else { return }
    let kernel = table.applyU16
    let fill = format.negativeInfinityBits
    layout.forEachRow(indices: indices, indexing: indexing) { logitsOffset, maskOffset in
      kernel(logitsBase + logitsOffset, maskBase + maskOffset, layout.vocabularySize, fill)
    }
  }

  #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    /// Applies mask rows to `Float16` logits rows, in place.
    ///
    /// Row selection and validation as in the `Float` batch variant.
    ///
    /// - Parameters:
    ///   - masks: The mask rows, `layout.maskRowStride` words apart.
    ///   - logits: The logits rows.
    ///   - layout: Row count, vocabulary size and strides.
    ///   - indices: The rows to mask, or nil for all rows.
    ///   - indexing: How `indices` pairs mask rows with logits rows.
    ///   - path: The implementation to run; default the best for this CPU.
    /// - Throws: As the `Float` batch variant; nothing is written then.
    /// - Complexity: O(rows × V).
    public static func applyMask(
      batch masks: UnsafeBufferPointer<UInt32>, to logits: UnsafeMutableBufferPointer<Float16>,
      layout: BatchLayout, indices: UnsafeBufferPointer<Int32>? = nil,
      indexing: BatchIndexing = .sameRow, path: KernelPath = .automatic
    ) throws(KernelError) {
      try logits.withMemoryRebound(to: UInt16.self) { (bits) throws(KernelError) in
        try applyMask(
          batch: masks, to: bits, format: .float16, layout: layout, indices: indices,
          indexing: indexing, path: path)
      }
    }
  #endif
}
