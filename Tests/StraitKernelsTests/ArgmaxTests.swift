import StraitKernels
import Testing

/// Masked argmax equals the scalar reference, and the reference follows the rules.
@Suite struct ArgmaxTests {
  /// Argmax through a forced path, via the checked API.
  func argmax(_ logits: [Float], _ mask: [UInt32], _ size: Int, _ path: KernelPath) throws -> Int? {
    try logits.withUnsafeBufferPointer { logits in
      try mask.withUnsafeBufferPointer {
        try MaskKernels.maskedArgmax(logits, mask: $0, vocabularySize: size, path: path)
      }
    }
  }

  func argmax(
    _ logits: [UInt16], _ mask: [UInt32], _ size: Int, _ format: HalfPrecisionFormat,
    _ path: KernelPath
  ) throws -> Int? {
    try logits.withUnsafeBufferPointer { logits in
      try mask.withUnsafeBufferPointer {
        try MaskKernels.maskedArgmax(logits, mask: $0, format: format, vocabularySize: size, path: path)
      }
    }
  }

  @Test(arguments: KernelFixtures.vocabularySizes)
  func float32MatchesReference(vocabularySize: Int) throws {
    for (d, density) in KernelFixtures.Density.allCases.enumerated() {
      for variant in 0..<3 {
        let seed = KernelFixtures.seed(vocabularySize, d, variant, 99)
        let mask = KernelFixtures.mask(vocabularySize: vocabularySize, density: density, seed: seed)
        var logits = KernelFixtures.floatLogits(count: vocabularySize, seed: seed)
        if variant == 1 {  // many ties
          logits = logits.map { $0.isNaN ? $0 : $0.rounded(.down).magnitude.truncatingRemainder(dividingBy: 3) }
        } else if variant == 2 {  // only NaN and -inf
          logits = logits.map { $0 > 0 ? .nan : -.infinity }
        }
        let expected = try argmax(logits, mask, vocabularySize, .scalar)
        for path in KernelFixtures.vectorPaths {
          let actual = try argmax(logits, mask, vocabularySize, path)
          #expect(
            actual == expected,
            "path \(path), V=\(vocabularySize), \(density), variant \(variant): \(String(describing: actual)) vs \(String(describing: expected))"
          )
        }
        let unchecked = logits.withUnsafeBufferPointer { logits in
          mask.withUnsafeBufferPointer {
            MaskKernels.maskedArgmaxUnchecked(
              logits.baseAddress!, mask: $0.baseAddress!, vocabularySize: vocabularySize)
          }
        }
        #expect(unchecked == (expected ?? -1))
      }
    }
  }

  @Test(arguments: KernelFixtures.vocabularySizes, HalfPrecisionFormat.allCases)
  func halfPrecisionMatchesReference(vocabularySize: Int, format: HalfPrecisionFormat) throws {
    for (d, density) in KernelFixtures.Density.allCases.enumerated() {
      let seed = KernelFixtures.seed(vocabularySize, d, Int(format.rawValue), 98)
      let mask = KernelFixtures.mask(vocabularySize: vocabularySize, density: density, seed: seed)
      let logits = KernelFixtures.halfLogits(count: vocabularySize, seed: seed)
      let expected = try argmax(logits, mask, vocabularySize, format, .scalar)
      for path in KernelFixtures.vectorPaths {
        let actual = try argmax(logits, mask, vocabularySize, format, path)
        #expect(
          actual == expected,
          "path \(path), \(format), V=\(vocabularySize), \(density): \(String(describing: actual)) vs \(String(describing: expected))"
        )
      }
    }
  }

  /// Hand-made cases that pin the rules down (checked on every path,
  /// including the scalar reference).
  @Test func rules() throws {
    let all: [UInt32] = [.max, .max]
    let paths = KernelFixtures.vectorPaths + [.scalar]
    for path in paths {
      // Highest allowed wins even when a disallowed token is higher.
      var logits = [Float](repeating: 0, count: 40)
      logits[3] = 5
      logits[7] = 9
      var mask = all
      mask[0] &= ~(1 << 7)
      #expect(try argmax(logits, mask, 40, path) == 3, "path \(path)")
      // NaN never wins.
      logits[3] = .nan
      logits[5] = 1
      #expect(try argmax(logits, mask, 40, path) == 5, "path \(path)")
      // Ties go to the lowest index, also across vector lanes and -0 / +0.
      var ties = [Float](repeating: -1, count: 40)
      ties[9] = -0.0
      ties[2] = 0
      ties[35] = 0
      #expect(try argmax(ties, all, 40, path) == 2, "path \(path)")
      // An allowed -inf counts; nothing allowed gives nil.
      let negative = [Float](repeating: -.infinity, count: 40)
      var one: [UInt32] = [0, 0]
      one[1] = 1 << 4  // token 36 (in the tail of V = 40)
      #expect(try argmax(negative, one, 40, path) == 36, "path \(path)")
      #expect(try argmax(negative, [0, 0], 40, path) == nil, "path \(path)")
      let nans = [Float](repeating: .nan, count: 40)
      #expect(try argmax(nans, all, 40, path) == nil, "path \(path)")
      // A winner in the scalar tail.
      var tail = [Float](repeating: 1, count: 40)
      tail[39] = 2
      #expect(try argmax(tail, all, 40, path) == 39, "path \(path)")
      // 16-bit: -0 and +0 tie, bfloat16 -inf counts, NaN loses.
      let half: [UInt16] = [0x8000, 0x0000, 0xFF80, 0x7FC1]
      #expect(try argmax(half, [0b1111], 4, .bfloat16, path) == 0, "path \(path)")
      #expect(try argmax(half, [0b1100], 4, .bfloat16, path) == 2, "path \(path)")
      #expect(try argmax(half, [0b1000], 4, .bfloat16, path) == nil, "path \(path)")
      #expect(try argmax([0x7C01, 0xFC00], [0b11], 2, .float16, path) == 1, "path \(path)")
      #expect(try argmax([0x7C00, 0x7BFF], [0b11], 2, .float16, path) == 0, "path \(path)")
    }
  }
}
