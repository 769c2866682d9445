import StraitKernels
import StraitTestSupport

/// Shared inputs for the kernel tests: sizes, paths, random masks and logits.
enum KernelFixtures {
  /// Vocabulary sizes around word and vector boundaries, plus real vocabularies
  /// (Llama 2, Llama 3, Qwen 2, Gemma 3).
  static let vocabularySizes = [1, 31, 32, 33, 63, 64, 65, 1000, 32000, 128256, 151936, 262144]

  /// The vectorized paths this CPU can run (the scalar path is the oracle).
  static var vectorPaths: [KernelPath] {
    let paths = KernelPath.allCases.filter { $0 != .scalar && $0.isAvailable }
    for path in KernelPath.allCases where !path.isAvailable {
      print("note: kernel path \(path) is not available on this CPU; not tested here")
    }
    return paths
  }

  /// Extra logits past the vocabulary that no kernel may touch.
  static let padding = 37

  /// A mask for `vocabularySize` tokens in one of several shapes, with random
  /// garbage in the unused bits of the last word (which must be ignored).
  static func mask(vocabularySize: Int, density: Density, seed: UInt64) -> [UInt32] {
    var random = SeededRandom(seed: seed)
    let words = TokenBitmask.wordCount(forVocabularySize: vocabularySize)
    var mask = [UInt32](repeating: 0, count: words)
    for index in 0..<words {
      switch density {
      case .none: mask[index] = 0
      case .all: mask[index] = .max
      case .half: mask[index] = UInt32(truncatingIfNeeded: random.next())
      case .sparse:  // ~2 %: AND of 6 random words → 1/64 per bit
        var word = UInt32.max
        for _ in 0..<6 { word &= UInt32(truncatingIfNeeded: random.next()) }
        mask[index] = word
      case .dense:  // ~98 %
        var word = UInt32.max
        for _ in 0..<6 { word &= UInt32(truncatingIfNeeded: random.next()) }
        mask[index] = ~word
      case .blocks:  // whole words allowed or blocked, as real grammar masks
        mask[index] = random.next() & 1 == 0 ? 0 : .max
      }
    }
    if vocabularySize % 32 != 0, words > 0 {
      let used = (UInt32(1) << UInt32(vocabularySize % 32)) &- 1
      mask[words - 1] = (mask[words - 1] & used) | (UInt32(truncatingIfNeeded: random.next()) & ~used)
    }
    return mask
  }

  enum Density: CaseIterable {
    case none, all, half, sparse, dense, blocks
  }

  /// Float logits with NaNs (several payloads), ±infinity, ±0 and subnormals
  /// mixed into ordinary values.
  static func floatLogits(count: Int, seed: UInt64) -> [Float] {
    var random = SeededRandom(seed: seed)
    let specials: [Float] = [
      .nan, -.nan, Float(bitPattern: 0x7FC0_1234), Float(bitPattern: 0x7F80_0001),
      .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, -.greatestFiniteMagnitude,
    ]
    return (0..<count).map { _ in
      let roll = random.next() % 100
      if roll < 8 { return specials[Int(random.next() % UInt64(specials.count))] }
      return Float.random(in: -30...30, using: &random)
    }
  }

  /// 16-bit logits as raw patterns: mostly random patterns (which include
  /// NaNs and infinities), some from a tiny set so that ties happen.
  static func halfLogits(count: Int, seed: UInt64) -> [UInt16] {
    var random = SeededRandom(seed: seed)
    let few: [UInt16] = [0x3C00, 0xBC00, 0x0000, 0x8000, 0x4000, 0x3F80, 0x4000]
    return (0..<count).map { _ in
      random.next() % 4 == 0
        ? few[Int(random.next() % UInt64(few.count))] : UInt16(truncatingIfNeeded: random.next())
    }
  }

  /// A stable seed per test case.
  static func seed(_ parts: Int...) -> UInt64 {
    parts.reduce(0x5EED) { UInt64(truncatingIfNeeded: $0) &* 1_000_003 &+ UInt64(truncatingIfNeeded: $1) }
  }
}

/// The first differing index of two arrays compared bit for bit, or nil.
func firstBitDifference(_ a: [Float], _ b: [Float]) -> Int? {
  guard a.count == b.count else { return min(a.count, b.count) }
  return a.indices.first { a[$0].bitPattern != b[$0].bitPattern }
}

func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int? {
  guard a.count == b.count else { return min(a.count, b.count) }
  return a.indices.first { a[$0] != b[$0] }
}
