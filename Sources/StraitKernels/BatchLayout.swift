/// The shape of a batch of logits rows and of its bitmask rows.
///
/// Logits row `r` starts at element `r * logitsRowStride` and mask row `m` at
/// word `m * maskRowStride`. Strides larger than one row allow padded buffers,
/// e.g. logits of the model's padded vocabulary (152064) with a tokenizer
/// vocabulary of 151665: only the first `vocabularySize` logits of a row are
/// touched.
public struct BatchLayout: Sendable, Hashable {
  /// How many logits rows the buffer holds.
  public var rowCount: Int
  /// How many tokens of each row the mask covers.
  public var vocabularySize: Int
  /// Elements from one logits row to the next (at least `vocabularySize`).
  public var logitsRowStride: Int
  /// Words from one mask row to the next (at least `(vocabularySize + 31) / 32`).
  public var maskRowStride: Int

  /// Creates a layout; strides default to tightly packed rows.
  ///
  /// - Parameters:
  ///   - rowCount: How many logits rows the buffer holds.
  ///   - vocabularySize: Tokens per row covered by the masks.
  ///   - logitsRowStride: Elements between row starts; default `vocabularySize`.
  ///   - maskRowStride: Words between mask row starts; default
  ///     `(vocabularySize + 31) / 32`.
  public init(
    rowCount: Int, vocabularySize: Int, logitsRowStride: Int? = nil, maskRowStride: Int? = nil
  ) {
    self.rowCount = rowCount
    self.vocabularySize = vocabularySize
    self.logitsRowStride = logitsRowStride ?? vocabularySize
    self.maskRowStride = maskRowStride ?? TokenBitmask.wordCount(forVocabularySize: vocabularySize)
  }
}

/// Which mask row goes to which logits row in a batch call with `indices`.
///
/// Without indices, mask row `r` is applied to logits row `r` for every
/// `r < rowCount`.
public enum BatchIndexing: Sendable, Hashable {
  /// XGrammar's `apply_token_bitmask_inplace(logits, bitmask, indices=...)`:
  /// for each `r` in `indices`, mask row `r` is applied to logits row `r`;
  /// other rows are left alone.
  case sameRow
  /// Compact masks: mask row `i` is applied to logits row `indices[i]` (the
  /// masks hold only the constrained sequences of a larger batch).
  case compactMasks
}

extension BatchLayout {
  /// Calls `body(logitsOffset, maskOffset)` for each selected row pair, in order.
  @inline(__always)
  func forEachRow(
    indices: UnsafeBufferPointer<Int32>?, indexing: BatchIndexing,
    _ body: (_ logitsOffset: Int, _ maskOffset: Int) -> Void
  ) {
    guard let indices else {
      for row in 0..<rowCount { body(row &* logitsRowStride, row &* maskRowStride) }
      return
    }
    for position in 0..<indices.count {
      let row = Int(indices[position])
      let maskRow = indexing == .sameRow ? row : position
      body(row &* logitsRowStride, maskRow &* maskRowStride)
    }
  }

  /// Checks the layout against buffers of `logitsCount` elements and
  /// `maskCount` words, and every index; throws the first problem found.
  func validate(
    logitsCount: Int, maskCount: Int, indices: UnsafeBufferPointer<Int32>?,
    indexing: BatchIndexing
  ) throws(KernelError) {
    try MaskKernels.checkVocabulary(vocabularySize)
    guard rowCount >= 0 else { throw .invalidRowCount(rowCount) }
    let words = TokenBitmask.wordCount(forVocabularySize: vocabularySize)
    guard logitsRowStride >= vocabularySize else {
      throw .strideTooSmall(stride: logitsRowStride, minimum: vocabularySize)
    }
    guard maskRowStride >= words else {
      throw .strideTooSmall(stride: maskRowStride, minimum: words)
    }
    // Rows that will be touched, and mask rows that will be read.
    var logitsRows = rowCount
    var maskRows = rowCount
    if let indices {
      var highest = -1
      for position in 0..<indices.count {
        let row = Int(indices[position])
        guard row >= 0 && row < rowCount else {
          throw .rowIndexOutOfRange(index: row, position: position, rowCount: rowCount)
        }
        highest = max(highest, row)
      }
      logitsRows = highest + 1
      maskRows = indexing == .sameRow ? highest + 1 : indices.count
    }
    let logitsNeeded = Self.extent(rows: logitsRows, stride: logitsRowStride, row: vocabularySize)
    guard logitsCount >= logitsNeeded else {
      throw .logitsTooShort(expected: logitsNeeded, actual: logitsCount)
    }
    let maskNeeded = Self.extent(rows: maskRows, stride: maskRowStride, row: words)
    guard maskCount >= maskNeeded else {
      throw .maskTooShort(expected: maskNeeded, actual: maskCount)
    }
  }

  /// Elements spanned by `rows` rows: `(rows - 1) * stride + row`, saturating.
  private static func extent(rows: Int, stride: Int, row: Int) -> Int {
    guard rows > 0 else { return 0 }
    let (product, overflow) = (rows - 1).multipliedReportingOverflow(by: stride)
    let (sum, overflow2) = product.addingReportingOverflow(row)
    return overflow || overflow2 ? Int.max : sum
  }
}
