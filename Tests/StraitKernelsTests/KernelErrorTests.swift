import StraitKernels
import Testing

/// Bad arguments give the documented error and leave every buffer untouched.
@Suite struct KernelErrorTests {
  func apply(_ maskWords: Int, _ logitsCount: Int, vocabularySize: Int?) -> KernelError? {
    let mask = [UInt32](repeating: 0, count: maskWords)
    var logits = [Float](repeating: 1, count: logitsCount)
    do {
      try logits.withUnsafeMutableBufferPointer { logits in
        try mask.withUnsafeBufferPointer {
          try MaskKernels.applyMask($0, to: logits, vocabularySize: vocabularySize)
        }
      }
      // The all-zero mask blocks everything: a successful call writes -inf.
      #expect(logits.prefix(vocabularySize ?? logitsCount).allSatisfy { $0 == -.infinity })
      return nil
    } catch {
      #expect(logits.allSatisfy { $0 == 1 }, "logits were written before the error")
      return error as? KernelError
    }
  }

  @Test func singleRow() {
    #expect(apply(4, 100, vocabularySize: 128) == .logitsTooShort(expected: 128, actual: 100))
    #expect(apply(3, 128, vocabularySize: 128) == .maskTooShort(expected: 4, actual: 3))
    #expect(apply(1, 33, vocabularySize: nil) == .maskTooShort(expected: 2, actual: 1))
    #expect(apply(4, 128, vocabularySize: -1) == .invalidVocabularySize(-1))
    #expect(apply(4, 128, vocabularySize: Int(Int32.max) + 1) == .invalidVocabularySize(Int(Int32.max) + 1))
    #expect(apply(2, 64, vocabularySize: nil) == nil)  // the happy case does write
  }

  @Test func halfPrecisionAndArgmax() {
    let mask = [UInt32](repeating: .max, count: 1)
    var half = [UInt16](repeating: 0x3C00, count: 40)
    #expect(throws: KernelError.maskTooShort(expected: 2, actual: 1)) {
      try half.withUnsafeMutableBufferPointer { logits in
        try mask.withUnsafeBufferPointer { try MaskKernels.applyMask($0, to: logits, format: .bfloat16) }
      }
    }
    #expect(half.allSatisfy { $0 == 0x3C00 })
    let logits = [Float](repeating: 0, count: 10)
    #expect(throws: KernelError.logitsTooShort(expected: 20, actual: 10)) {
      try logits.withUnsafeBufferPointer { logits in
        try mask.withUnsafeBufferPointer { try MaskKernels.maskedArgmax(logits, mask: $0, vocabularySize: 20) }
      }
    }
    #expect(throws: KernelError.maskTooShort(expected: 2, actual: 1)) {
      try half.withUnsafeBufferPointer { logits in
        try mask.withUnsafeBufferPointer { try MaskKernels.maskedArgmax(logits, mask: $0, format: .float16) }
      }
    }
  }

  func batch(
    rows: Int, vocabularySize: Int, logitsCount: Int, maskWords: Int, indices: [Int32]?,
    indexing: BatchIndexing = .sameRow, logitsStride: Int? = nil, maskStride: Int? = nil
  ) -> KernelError? {
    let masks = [UInt32](repeating: 0, count: maskWords)
    var logits = [Float](repeating: 1, count: logitsCount)
    let layout = BatchLayout(
      rowCount: rows, vocabularySize: vocabularySize, logitsRowStride: logitsStride,
      maskRowStride: maskStride)
    do {
      try logits.withUnsafeMutableBufferPointer { logits in
        try masks.withUnsafeBufferPointer { masks in
          try withIndices(indices) { indices in
            try MaskKernels.applyMask(
              batch: masks, to: logits, layout: layout, indices: indices, indexing: indexing)
          }
        }
      }
      #expect(logits.contains(-.infinity), "a successful call masked nothing")
      return nil
    } catch {
      #expect(logits.allSatisfy { $0 == 1 }, "logits were written before the error")
      return error as? KernelError
    }
  }

  @Test func batchErrors() {
    // 4 rows × 64 tokens = 256 logits, 2 words per mask row = 8 words.
    #expect(batch(rows: 4, vocabularySize: 64, logitsCount: 255, maskWords: 8, indices: nil)
      == .logitsTooShort(expected: 256, actual: 255))
    #expect(batch(rows: 4, vocabularySize: 64, logitsCount: 256, maskWords: 7, indices: nil)
      == .maskTooShort(expected: 8, actual: 7))
    // A bad index at the end: nothing before it may have been written.
    #expect(batch(rows: 4, vocabularySize: 64, logitsCount: 256, maskWords: 8, indices: [0, 1, 4])
      == .rowIndexOutOfRange(index: 4, position: 2, rowCount: 4))
    #expect(batch(rows: 4, vocabularySize: 64, logitsCount: 256, maskWords: 8, indices: [-1])
      == .rowIndexOutOfRange(index: -1, position: 0, rowCount: 4))
    // Compact masks: 3 indices need 3 mask rows (6 words).
    #expect(batch(rows: 4, vocabularySize: 64, logitsCount: 256, maskWords: 4, indices: [3, 2, 1],
      indexing: .compactMasks) == .maskTooShort(expected: 6, actual: 4))
    // Same-row: index 3 needs mask rows 0...3.
    #expect(batch(rows: 4, vocabularySize: 64, logitsCount: 256, maskWords: 6, indices: [3])
      == .maskTooShort(expected: 8, actual: 6))
    #expect(batch(rows: 4, vocabularySize: 64, logitsCount: 256, maskWords: 8, indices: nil, logitsStride: 63)
      == .strideTooSmall(stride: 63, minimum: 64))
    #expect(batch(rows: 4, vocabularySize: 64, logitsCount: 256, maskWords: 8, indices: nil, maskStride: 1)
      == .strideTooSmall(stride: 1, minimum: 2))
    #expect(batch(rows: -1, vocabularySize: 64, logitsCount: 256, maskWords: 8, indices: nil)
      == .invalidRowCount(-1))
    #expect(batch(rows: 4, vocabularySize: -5, logitsCount: 256, maskWords: 8, indices: nil)
      == .invalidVocabularySize(-5))
    // A padded logits stride: the last row needs only V elements.
    #expect(batch(rows: 2, vocabularySize: 64, logitsCount: 100 + 64, maskWords: 4, indices: nil,
      logitsStride: 100) == nil)
  }

  @Test func descriptionsNameTheProblem() {
    #expect(KernelError.logitsTooShort(expected: 128256, actual: 128000).description
      == "logits buffer too short: needs 128256 elements, has 128000")
    #expect(KernelError.rowIndexOutOfRange(index: 9, position: 2, rowCount: 4).description
      .contains("indices[2] = 9"))
    #expect(KernelError.tokenOutOfRange(token: 70, limit: 64).description.contains("70"))
  }

  @Test func unavailablePathsAreRefused() {
    for path in KernelPath.allCases where !path.isAvailable {
      var logits: [Float] = [1]
      let mask: [UInt32] = [1]
      #expect(throws: KernelError.pathUnavailable(path)) {
        try logits.withUnsafeMutableBufferPointer { logits in
          try mask.withUnsafeBufferPointer { try MaskKernels.applyMask($0, to: logits, path: path) }
        }
      }
    }
  }
}
