import StraitKernels
import Testing

/// Batch application equals applying the reference row by row, for every
/// indexing mode, with padded strides, and leaves unselected rows alone.
@Suite struct BatchTests {
  struct Case: CustomStringConvertible, Sendable {
    var rows: Int
    var vocabularySize: Int
    var logitsPadding: Int
    var maskPadding: Int
    var indices: [Int32]?
    var indexing: BatchIndexing
    var description: String {
      "rows \(rows) V \(vocabularySize) pad \(logitsPadding)/\(maskPadding) indices \(indices.map { "\($0)" } ?? "nil") \(indexing)"
    }
  }

  static let cases: [Case] = [
    Case(rows: 4, vocabularySize: 33, logitsPadding: 0, maskPadding: 0, indices: nil, indexing: .sameRow),
    Case(rows: 5, vocabularySize: 1000, logitsPadding: 24, maskPadding: 3, indices: nil, indexing: .sameRow),
    Case(rows: 6, vocabularySize: 32000, logitsPadding: 0, maskPadding: 0, indices: [4, 1, 5], indexing: .sameRow),
    Case(rows: 6, vocabularySize: 65, logitsPadding: 7, maskPadding: 1, indices: [5, 0, 2, 2], indexing: .sameRow),
    Case(rows: 6, vocabularySize: 1000, logitsPadding: 0, maskPadding: 0, indices: [3, 0], indexing: .compactMasks),
    Case(rows: 3, vocabularySize: 151936, logitsPadding: 128, maskPadding: 4, indices: [2, 1, 0], indexing: .compactMasks),
    Case(rows: 3, vocabularySize: 31, logitsPadding: 1, maskPadding: 0, indices: [], indexing: .sameRow),
    Case(rows: 0, vocabularySize: 64, logitsPadding: 0, maskPadding: 0, indices: nil, indexing: .sameRow),
  ]

  /// What the batch call must do, computed with the scalar reference per row.
  func expected<T>(
    _ c: Case, logits: [T], masks: [UInt32], layout: BatchLayout,
    apply: (UnsafePointer<UInt32>, UnsafeMutablePointer<T>) -> Void
  ) -> [T] {
    var result = logits
    result.withUnsafeMutableBufferPointer { logits in
      masks.withUnsafeBufferPointer { masks in
        let pairs: [(Int, Int)] =
          c.indices.map { indices in
            indices.enumerated().map { position, row in
              (Int(row), c.indexing == .sameRow ? Int(row) : position)
            }
          } ?? (0..<c.rows).map { ($0, $0) }
        for (row, maskRow) in pairs {
          apply(
            masks.baseAddress! + maskRow * layout.maskRowStride,
            logits.baseAddress! + row * layout.logitsRowStride)
        }
      }
    }
    return result
  }

  func fixtures(_ c: Case, seed: UInt64) -> (BatchLayout, [UInt32]) {
    let words = TokenBitmask.wordCount(forVocabularySize: c.vocabularySize)
    let layout = BatchLayout(
      rowCount: c.rows, vocabularySize: c.vocabularySize,
      logitsRowStride: c.vocabularySize + c.logitsPadding, maskRowStride: words + c.maskPadding)
    let maskRows = c.indexing == .compactMasks ? (c.indices?.count ?? c.rows) : c.rows
    var masks: [UInt32] = []
    for row in 0..<maskRows {
      masks += KernelFixtures.mask(vocabularySize: c.vocabularySize, density: .half, seed: seed &+ UInt64(row))
      masks += (0..<c.maskPadding).map { _ in 0 }  // padding words: "nothing allowed"
    }
    return (layout, masks)
  }

  @Test(arguments: cases)
  func float32(_ c: Case) throws {
    let (layout, masks) = fixtures(c, seed: KernelFixtures.seed(c.rows, c.vocabularySize, 1))
    let original = KernelFixtures.floatLogits(
      count: c.rows * layout.logitsRowStride, seed: KernelFixtures.seed(c.vocabularySize, 2))
    let want = expected(c, logits: original, masks: masks, layout: layout) { mask, logits in
      ScalarReference.applyMask(mask, to: logits, vocabularySize: c.vocabularySize)
    }
    for path in KernelFixtures.vectorPaths {
      var actual = original
      try actual.withUnsafeMutableBufferPointer { logits in
        try masks.withUnsafeBufferPointer { masks in
          try withIndices(c.indices) { indices in
            try MaskKernels.applyMask(
              batch: masks, to: logits, layout: layout, indices: indices, indexing: c.indexing,
              path: path)
          }
        }
      }
      #expect(firstBitDifference(actual, want) == nil, "\(c), path \(path)")
    }
    // Unchecked entry point, dispatched path.
    var unchecked = original
    unchecked.withUnsafeMutableBufferPointer { logits in
      masks.withUnsafeBufferPointer { masks in
        withIndices(c.indices) { indices in
          guard let logitsBase = logits.baseAddress, let maskBase = masks.baseAddress else { return }
          MaskKernels.applyMaskUnchecked(
            batch: maskBase, to: logitsBase, layout: layout, indices: indices, indexing: c.indexing)
        }
      }
    }
    #expect(firstBitDifference(unchecked, want) == nil, "\(c), unchecked")
    if c.rows > 0 && c.indices?.isEmpty != true {
      #expect(firstBitDifference(original, want) != nil, "fixture masks nothing: \(c)")
    }
  }

  @Test(arguments: cases, HalfPrecisionFormat.allCases)
  func halfPrecision(_ c: Case, format: HalfPrecisionFormat) throws {
    let (layout, masks) = fixtures(c, seed: KernelFixtures.seed(c.rows, c.vocabularySize, 3))
    let original = KernelFixtures.halfLogits(
      count: c.rows * layout.logitsRowStride, seed: KernelFixtures.seed(c.vocabularySize, 4))
    let want = expected(c, logits: original, masks: masks, layout: layout) { mask, logits in
      ScalarReference.applyMask(
        mask, to: logits, vocabularySize: c.vocabularySize, fill: format.negativeInfinityBits)
    }
    for path in KernelFixtures.vectorPaths {
      var actual = original
      try actual.withUnsafeMutableBufferPointer { logits in
        try masks.withUnsafeBufferPointer { masks in
          try withIndices(c.indices) { indices in
            try MaskKernels.applyMask(
              batch: masks, to: logits, format: format, layout: layout, indices: indices,
              indexing: c.indexing, path: path)
          }
        }
      }
      #expect(firstDifference(actual, want) == nil, "\(c), \(format), path \(path)")
    }
    var unchecked = original
    unchecked.withUnsafeMutableBufferPointer { logits in
      masks.withUnsafeBufferPointer { masks in
        withIndices(c.indices) { indices in
          guard let logitsBase = logits.baseAddress, let maskBase = masks.baseAddress else { return }
          MaskKernels.applyMaskUnchecked(
            batch: maskBase, to: logitsBase, layout: layout, indices: indices,
            indexing: c.indexing, format: format)
        }
      }
    }
    #expect(firstDifference(unchecked, want) == nil, "\(c), \(format), unchecked")
  }

  /// XGrammar semantics, spelled out on a tiny batch: with indices [2],
  /// only row 2 changes and it uses mask row 2.
  @Test func sameRowIsXGrammarSemantics() throws {
    var logits = [Float](repeating: 1, count: 3 * 4)
    let masks: [UInt32] = [0b0001, 0b0010, 0b0100]
    try logits.withUnsafeMutableBufferPointer { logits in
      try masks.withUnsafeBufferPointer { masks in
        try withIndices([2]) { indices in
          try MaskKernels.applyMask(
            batch: masks, to: logits, layout: BatchLayout(rowCount: 3, vocabularySize: 4),
            indices: indices)
        }
      }
    }
    let ninf = -Float.infinity
    #expect(logits == [1, 1, 1, 1, 1, 1, 1, 1, ninf, ninf, 1, ninf])
    // Compact: mask row 0 goes to logits row indices[0] = 1.
    var compact = [Float](repeating: 1, count: 3 * 4)
    try compact.withUnsafeMutableBufferPointer { logits in
      try masks.withUnsafeBufferPointer { masks in
        try withIndices([1]) { indices in
          try MaskKernels.applyMask(
            batch: masks, to: logits, layout: BatchLayout(rowCount: 3, vocabularySize: 4),
            indices: indices, indexing: .compactMasks)
        }
      }
    }
    #expect(compact == [1, 1, 1, 1, 1, ninf, ninf, ninf, 1, 1, 1, 1])
  }
}

/// Runs `body` with an optional buffer view of `indices`.
func withIndices<R>(
  _ indices: [Int32]?, _ body: (UnsafeBufferPointer<Int32>?) throws -> R
) rethrows -> R {
  guard let indices else { return try body(nil) }
  return try indices.withUnsafeBufferPointer { try body($0) }
}
