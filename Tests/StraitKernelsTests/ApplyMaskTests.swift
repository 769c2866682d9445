import StraitKernels
import Testing

/// Every vector path writes exactly what the scalar reference writes.
@Suite struct ApplyMaskTests {
  @Test(arguments: KernelFixtures.vocabularySizes)
  func float32MatchesReference(vocabularySize: Int) throws {
    for path in KernelFixtures.vectorPaths {
      for (d, density) in KernelFixtures.Density.allCases.enumerated() {
        let seed = KernelFixtures.seed(vocabularySize, d)
        let mask = KernelFixtures.mask(vocabularySize: vocabularySize, density: density, seed: seed)
        let original = KernelFixtures.floatLogits(
          count: vocabularySize + KernelFixtures.padding, seed: seed)
        var expected = original
        expected.withUnsafeMutableBufferPointer { logits in
          mask.withUnsafeBufferPointer { mask in
            ScalarReference.applyMask(
              mask.baseAddress!, to: logits.baseAddress!, vocabularySize: vocabularySize)
          }
        }
        var actual = original
        try actual.withUnsafeMutableBufferPointer { logits in
          try mask.withUnsafeBufferPointer { mask in
            try MaskKernels.applyMask(mask, to: logits, vocabularySize: vocabularySize, path: path)
          }
        }
        let difference = firstBitDifference(actual, expected)
        #expect(
          difference == nil,
          "path \(path), V=\(vocabularySize), \(density), seed \(seed): first difference at \(difference ?? -1)"
        )
        // The reference itself must have done something sensible.
        for token in 0..<vocabularySize {
          let allowed = (mask[token / 32] >> UInt32(token % 32)) & 1 == 1
          if !allowed && expected[token] != -.infinity {
            Issue.record("reference left disallowed token \(token) at \(expected[token])")
            break
          }
        }
        #expect(
          Array(actual[vocabularySize...]).map(\.bitPattern)
            == Array(original[vocabularySize...]).map(\.bitPattern),
          "padding past the vocabulary was modified")
      }
    }
  }

  @Test(arguments: KernelFixtures.vocabularySizes, HalfPrecisionFormat.allCases)
  func halfPrecisionMatchesReference(vocabularySize: Int, format: HalfPrecisionFormat) throws {
    for path in KernelFixtures.vectorPaths {
      for (d, density) in KernelFixtures.Density.allCases.enumerated() {
        let seed = KernelFixtures.seed(vocabularySize, d, Int(format.rawValue))
        let mask = KernelFixtures.mask(vocabularySize: vocabularySize, density: density, seed: seed)
        let original = KernelFixtures.halfLogits(
          count: vocabularySize + KernelFixtures.padding, seed: seed)
        var expected = original
        expected.withUnsafeMutableBufferPointer { logits in
          mask.withUnsafeBufferPointer { mask in
            ScalarReference.applyMask(
              mask.baseAddress!, to: logits.baseAddress!, vocabularySize: vocabularySize,
              fill: format.negativeInfinityBits)
          }
        }
        var actual = original
        try actual.withUnsafeMutableBufferPointer { logits in
          try mask.withUnsafeBufferPointer { mask in
            try MaskKernels.applyMask(
              mask, to: logits, format: format, vocabularySize: vocabularySize, path: path)
          }
        }
        let difference = firstDifference(actual, expected)
        #expect(
          difference == nil,
          "path \(path), \(format), V=\(vocabularySize), \(density): first difference at \(difference ?? -1)"
        )
      }
    }
  }

  @Test func negativeInfinityBitPatterns() {
    #expect(HalfPrecisionFormat.float16.negativeInfinityBits == 0xFC00)
    #expect(HalfPrecisionFormat.bfloat16.negativeInfinityBits == 0xFF80)
    #expect(HalfPrecisionFormat.bfloat16.floatValue(ofBits: 0xFF80) == -.infinity)
    #expect(HalfPrecisionFormat.float16.floatValue(ofBits: 0xFC00) == -.infinity)
    #expect(HalfPrecisionFormat.bfloat16.floatValue(ofBits: 0x3F80) == 1)
    #expect(HalfPrecisionFormat.float16.floatValue(ofBits: 0x3C00) == 1)
    #expect(HalfPrecisionFormat.float16.floatValue(ofBits: 0x7E00).isNaN)
  }

  #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    @Test func float16OverloadWritesNegativeInfinity() throws {
      let vocabularySize = 1000
      let mask = KernelFixtures.mask(vocabularySize: vocabularySize, density: .half, seed: 7)
      var logits = (0..<vocabularySize).map { Float16(Float($0 % 50) - 25) }
      let original = logits
      try logits.withUnsafeMutableBufferPointer { logits in
        try mask.withUnsafeBufferPointer { try MaskKernels.applyMask($0, to: logits) }
      }
      for token in 0..<vocabularySize {
        let allowed = (mask[token / 32] >> UInt32(token % 32)) & 1 == 1
        #expect(logits[token] == (allowed ? original[token] : -Float16.infinity))
        #expect(allowed || logits[token].bitPattern == 0xFC00)
      }
    }
  #endif

  /// The unchecked entry points run the dispatched kernels.
  @Test(arguments: [33, 128256])
  func uncheckedMatchesReference(vocabularySize: Int) {
    let mask = KernelFixtures.mask(vocabularySize: vocabularySize, density: .half, seed: 11)
    let original = KernelFixtures.floatLogits(count: vocabularySize, seed: 12)
    var expected = original
    var actual = original
    mask.withUnsafeBufferPointer { mask in
      expected.withUnsafeMutableBufferPointer {
        ScalarReference.applyMask(mask.baseAddress!, to: $0.baseAddress!, vocabularySize: vocabularySize)
      }
      actual.withUnsafeMutableBufferPointer {
        MaskKernels.applyMaskUnchecked(mask.baseAddress!, to: $0.baseAddress!, vocabularySize: vocabularySize)
      }
    }
    #expect(firstBitDifference(actual, expected) == nil)

    let halfOriginal = KernelFixtures.halfLogits(count: vocabularySize, seed: 13)
    var halfExpected = halfOriginal
    var halfActual = halfOriginal
    mask.withUnsafeBufferPointer { mask in
      halfExpected.withUnsafeMutableBufferPointer {
        ScalarReference.applyMask(
          mask.baseAddress!, to: $0.baseAddress!, vocabularySize: vocabularySize, fill: 0xFF80)
      }
      halfActual.withUnsafeMutableBufferPointer {
        MaskKernels.applyMaskUnchecked(
          mask.baseAddress!, to: $0.baseAddress!, vocabularySize: vocabularySize, format: .bfloat16)
      }
    }
    #expect(firstDifference(halfActual, halfExpected) == nil)
  }

  @Test func emptyVocabularyIsANoOp() throws {
    var logits: [Float] = [1, 2, 3]
    let mask: [UInt32] = []
    for path in KernelFixtures.vectorPaths + [.scalar] {
      try logits.withUnsafeMutableBufferPointer { logits in
        try mask.withUnsafeBufferPointer {
          try MaskKernels.applyMask($0, to: logits, vocabularySize: 0, path: path)
        }
      }
    }
    #expect(logits == [1, 2, 3])
  }
}
