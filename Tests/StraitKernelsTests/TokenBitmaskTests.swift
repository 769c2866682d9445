import StraitKernels
import StraitTestSupport
import Testing

@Suite struct TokenBitmaskTests {
  @Test func wordCounts() {
    #expect(TokenBitmask.wordCount(forVocabularySize: 0) == 0)
    #expect(TokenBitmask.wordCount(forVocabularySize: 1) == 1)
    #expect(TokenBitmask.wordCount(forVocabularySize: 32) == 1)
    #expect(TokenBitmask.wordCount(forVocabularySize: 33) == 2)
    #expect(TokenBitmask.wordCount(forVocabularySize: 128256) == 4008)
    #expect(TokenBitmask.wordCount(forVocabularySize: 151936) == 4748)
    #expect(TokenBitmask.wordCount(forVocabularySize: -3) == 0)
  }

  @Test func setClearTest() throws {
    var mask = [UInt32](repeating: 0, count: 2)
    try mask.withUnsafeMutableBufferPointer { mask in
      try TokenBitmask.allow(0, in: mask)
      try TokenBitmask.allow(33, in: mask)
      try TokenBitmask.allow(63, in: mask)
      try TokenBitmask.allow(40, in: mask)
      try TokenBitmask.disallow(40, in: mask)
      #expect(throws: KernelError.tokenOutOfRange(token: 64, limit: 64)) {
        try TokenBitmask.allow(64, in: mask)
      }
      #expect(throws: KernelError.tokenOutOfRange(token: -1, limit: 64)) {
        try TokenBitmask.disallow(-1, in: mask)
      }
    }
    #expect(mask == [1, (1 << 1) | (1 << 31)])
    mask.withUnsafeBufferPointer { mask in
      #expect(TokenBitmask.isAllowed(0, in: mask))
      #expect(TokenBitmask.isAllowed(33, in: mask))
      #expect(!TokenBitmask.isAllowed(1, in: mask))
      #expect(!TokenBitmask.isAllowed(40, in: mask))
      #expect(!TokenBitmask.isAllowed(64, in: mask))
      #expect(!TokenBitmask.isAllowed(-5, in: mask))
    }
  }

  @Test(arguments: KernelFixtures.vocabularySizes)
  func countAndIDsMatchBitByBit(vocabularySize: Int) throws {
    for density in KernelFixtures.Density.allCases {
      let mask = KernelFixtures.mask(vocabularySize: vocabularySize, density: density, seed: 3)
      let expected = (0..<vocabularySize).filter { (mask[$0 / 32] >> UInt32($0 % 32)) & 1 == 1 }
      try mask.withUnsafeBufferPointer { (mask) throws in
        #expect(try TokenBitmask.allowedCount(mask, vocabularySize: vocabularySize) == expected.count)
        #expect(try TokenBitmask.allowedTokenIDs(mask, vocabularySize: vocabularySize) == expected.map { Int32($0) })
      }
    }
  }

  @Test func countErrors() {
    let mask: [UInt32] = [.max]
    mask.withUnsafeBufferPointer { mask in
      #expect(throws: KernelError.maskTooShort(expected: 2, actual: 1)) {
        try TokenBitmask.allowedCount(mask, vocabularySize: 33)
      }
      #expect(throws: KernelError.invalidVocabularySize(-1)) {
        try TokenBitmask.allowedTokenIDs(mask, vocabularySize: -1)
      }
    }
  }

  @Test func algebra() throws {
    var random = SeededRandom(seed: 42)
    let a = (0..<4009).map { _ in UInt32(truncatingIfNeeded: random.next()) }
    let b = (0..<4009).map { _ in UInt32(truncatingIfNeeded: random.next()) }
    var and = a
    var or = a
    try b.withUnsafeBufferPointer { b in
      try and.withUnsafeMutableBufferPointer { try TokenBitmask.formIntersection($0, with: b) }
      try or.withUnsafeMutableBufferPointer { try TokenBitmask.formUnion($0, with: b) }
    }
    #expect(and == zip(a, b).map { $0 & $1 })
    #expect(or == zip(a, b).map { $0 | $1 })
    var short = [UInt32](repeating: 7, count: 3)
    #expect(throws: KernelError.maskLengthMismatch(expected: 3, actual: 4009)) {
      try b.withUnsafeBufferPointer { b in
        try short.withUnsafeMutableBufferPointer { try TokenBitmask.formUnion($0, with: b) }
      }
    }
    #expect(short == [7, 7, 7])
  }

  @Test func fill() {
    var mask = [UInt32](repeating: 5, count: 3)
    mask.withUnsafeMutableBufferPointer { TokenBitmask.fill($0, allowed: true) }
    #expect(mask == [.max, .max, .max])
    mask.withUnsafeMutableBufferPointer { TokenBitmask.fill($0, allowed: false) }
    #expect(mask == [0, 0, 0])
  }
}
