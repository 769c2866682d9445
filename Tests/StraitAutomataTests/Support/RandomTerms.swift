import StraitAutomata
import StraitTestSupport

/// Random terms over a small alphabet, for the algebraic property tests.
struct RandomTerms {
  let store: TermStore
  let alphabet: [UInt8]

  func term(depth: Int, using rng: inout SeededRandom) -> Term {
    if depth == 0 || Int.random(in: 0..<4, using: &rng) == 0 {
      switch Int.random(in: 0..<6, using: &rng) {
      case 0: return store.epsilon
      case 1:
        let a = alphabet.randomElement(using: &rng) ?? 0x61
        let b = alphabet.randomElement(using: &rng) ?? 0x61
        return store.byteRange(min(a, b), max(a, b))
      default:
        let b = alphabet.randomElement(using: &rng) ?? 0x61
        return store.byteRange(b, b)
      }
    }
    let d = depth - 1
    switch Int.random(in: 0..<8, using: &rng) {
    case 0, 1: return store.concat([term(depth: d, using: &rng), term(depth: d, using: &rng)])
    case 2: return store.union([term(depth: d, using: &rng), term(depth: d, using: &rng)])
    case 3: return store.intersection([term(depth: d, using: &rng), term(depth: d, using: &rng)])
    case 4: return store.complement(term(depth: d, using: &rng))
    case 5: return store.star(term(depth: d, using: &rng))
    case 6: return store.optional(term(depth: d, using: &rng))
    default:
      let lo = Int.random(in: 0...2, using: &rng)
      let hi: Int? = Bool.random(using: &rng) ? nil : lo + Int.random(in: 0...2, using: &rng)
      return store.repeat(term(depth: d, using: &rng), min: lo, max: hi)
    }
  }

  func string(maxLength: Int, using rng: inout SeededRandom) -> [UInt8] {
    (0..<Int.random(in: 0...maxLength, using: &rng)).map { _ in
      alphabet.randomElement(using: &rng) ?? 0x61
    }
  }

  /// Every string over the alphabet up to `length`.
  func allStrings(upTo length: Int) -> [[UInt8]] {
    var out: [[UInt8]] = [[]]
    var frontier: [[UInt8]] = [[]]
    for _ in 0..<length {
      frontier = frontier.flatMap { s in alphabet.map { s + [$0] } }
      out += frontier
    }
    return out
  }
}
