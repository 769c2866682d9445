// The unchecked entry points: raw pointers, no validation, for the C ABI and
// for hot loops that validated their buffers once. Each is compiled once
// (`@inline(never)`) and calls the kernel chosen for this CPU.

extension MaskKernels {
  /// Sets every disallowed `Float` logit to `-infinity`, without checks.
  ///
  /// - Precondition: `logits` holds at least `vocabularySize` elements and
  ///   `mask` at least `(vocabularySize + 31) / 32` words; they do not overlap;
  ///   `0 <= vocabularySize <= Int32.max`. Violations are undefined behaviour.
  /// - Parameters:
  ///   - mask: The allowed-token bitmask.
  ///   - logits: The logits row, modified in place.
  ///   - vocabularySize: How many logits (tokens) to process.
  /// - Complexity: O(V), memory-bound.
  @inline(never)
  public static func applyMaskUnchecked(
    _ mask: UnsafePointer<UInt32>, to logits: UnsafeMutablePointer<Float>, vocabularySize: Int
  ) {
    KernelTable.automatic.applyF32(logits, mask, vocabularySize)
  }

  /// Sets every disallowed 16-bit logit to the format's `-infinity`, without
  /// checks (`0xFC00` for float16, `0xFF80` for bfloat16).
  ///
  /// - Precondition: as for the `Float` variant.
  /// - Parameters:
  ///   - mask: The allowed-token bitmask.
  ///   - logits: The logits row as raw 16-bit patterns, modified in place.
  ///   - vocabularySize: How many logits (tokens) to process.
  ///   - format: How the 16-bit patterns encode numbers.
  /// - Complexity: O(V), memory-bound.
  @inline(never)
  public static func applyMaskUnchecked(
    _ mask: UnsafePointer<UInt32>, to logits: UnsafeMutablePointer<UInt16>, vocabularySize: Int,
    format: HalfPrecisionFormat
  ) {
    KernelTable.automatic.applyU16(logits, mask, vocabularySize, format.negativeInfinityBits)
  }

  /// The index of the largest allowed `Float` logit, or -1 when no allowed
  /// logit is a number; without checks. NaN never wins, ties go to the lowest
  /// index, an allowed `-infinity` counts.
  ///
  /// - Precondition: as for the `Float` `applyMaskUnchecked`.
  /// - Complexity: O(V), one read pass.
  @inline(never)
  public static func maskedArgmaxUnchecked(
    _ logits: UnsafePointer<Float>, mask: UnsafePointer<UInt32>, vocabularySize: Int
  ) -> Int {
    KernelTable.automatic.argmaxF32(logits, mask, vocabularySize)
  }

  /// The index of the largest allowed 16-bit logit read in `format`, or -1;
  /// without checks. Same rules as the `Float` variant.
  ///
  /// - Precondition: as for the `Float` variant.
  /// - Complexity: O(V), up to two read passes.
  @inline(never)
  public static func maskedArgmaxUnchecked(
    _ logits: UnsafePointer<UInt16>, mask: UnsafePointer<UInt32>, vocabularySize: Int,
    format: HalfPrecisionFormat
  ) -> Int {
    KernelTable.automatic.argmaxU16(logits, mask, vocabularySize, format.rawValue)
  }

  /// Applies a batch of masks to a batch of `Float` logits rows, without checks.
  ///
  /// Row selection follows ``BatchIndexing`` (XGrammar's
  /// `apply_token_bitmask_inplace` when `indices` is nil or `.sameRow`).
  ///
  /// - Precondition: `layout` is valid for the buffers — every selected logits
  ///   row `r` has `logits[r * logitsRowStride ..< r * logitsRowStride + V]`
  ///   inside the buffer, every selected mask row likewise, every index is in
  ///   `0..<layout.rowCount`. Use the checked
  ///   `applyMask(batch:to:layout:indices:indexing:path:)`
  ///   to validate.
  /// - Complexity: O(rows × V).
  @inline(never)
  public static func applyMaskUnchecked(
    batch masks: UnsafePointer<UInt32>, to logits: UnsafeMutablePointer<Float>,
    layout: BatchLayout, indices: UnsafeBufferPointer<Int32>?, indexing: BatchIndexing
  ) {
    let kernel = KernelTable.automatic.applyF32
    layout.forEachRow(indices: indices, indexing: indexing) { logitsOffset, maskOffset in
      kernel(logits + logitsOffset, masks + maskOffset, layout.vocabularySize)
    }
  }

  /// Applies a batch of masks to a batch of 16-bit logits rows, without checks.
  ///
  /// - Precondition: as for the `Float` batch variant.
  /// - Complexity: O(rows × V).
  @inline(never)
  public static func applyMaskUnchecked(
    batch masks: UnsafePointer<UInt32>, to logits: UnsafeMutablePointer<UInt16>,
    layout: BatchLayout, indices: UnsafeBufferPointer<Int32>?, indexing: BatchIndexing,
    format: HalfPrecisionFormat
  ) {
    let kernel = KernelTable.automatic.applyU16
    let fill = format.negativeInfinityBits
    layout.forEachRow(indices: indices, indexing: indexing) { logitsOffset, maskOffset in
      kernel(logits + logitsOffset, masks + maskOffset, layout.vocabularySize, fill)
    }
  }
}
