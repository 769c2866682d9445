import StraitAutomata
import StraitPCRE2
import StraitTestSupport

/// Runs Strait's search-mode DFA and libpcre2 side by side on strings for a pattern.
struct DifferentialHarness {
  struct Outcome {
    var compared = 0
    var skippedPCRE2 = 0
    var skippedStrait: [String: Int] = [:]
    var budgetExceeded = 0
    var disagreements: [String] = []
  }

  /// Characters mixed into random strings besides the pattern's own.
  static let extras: [Unicode.Scalar] = [
    "a", "b", "z", "A", "Z", "0", "5", "9", "_", "-", ".", " ", "\t", "\n", "\r", "@", "/",
    "é", "ß", "\u{00A0}", "\u{2028}", "\u{FEFF}", "\u{0663}", "Ω", "中", "😀", "\u{10FFFF}",
  ]

  /// Compares the engines on `strings` plus random strings; records disagreements.
  static func run(
    pattern: String, mode: RegexMatchMode = .search, strings extra: [[UInt8]] = [],
    randomCount: Int, walkCount: Int, rng: inout SeededRandom, outcome: inout Outcome
  ) {
    guard let oracle = PCRE2Oracle.compile(pattern, fullMatch: mode == .fullMatch) else {
      outcome.skippedPCRE2 += 1
      return
    }
    let store = TermStore()
    let dfa: LazyDFA
    do {
      let t = try compileRegex(pattern, mode: mode, store: store)
      dfa = try LazyDFA(store: store, root: t, stateBudget: 50_000)
    } catch let e as RegexParseError {
      outcome.skippedStrait[e.message, default: 0] += 1
      return
    } catch {
      outcome.budgetExceeded += 1
      return
    }
    var alphabet = Array(Set(pattern.unicodeScalars.filter { $0 != "\\" }))
    alphabet += extras
    var inputs = extra
    for _ in 0..<randomCount {
      var s = String.UnicodeScalarView()
      for _ in 0..<Int.random(in: 0...12, using: &rng) {
        if let c = alphabet.randomElement(using: &rng) { s.append(c) }
      }
      inputs.append(Array(String(s).utf8))
    }
    for _ in 0..<walkCount {
      if let w = try? randomWalk(dfa, maxLength: 24, rng: &rng) { inputs.append(w) }
      // Accepted strings from the sampler, and near misses: one edit away from them.
      if let s = try? dfa.sample(from: dfa.start, using: &rng, maxLength: 32) {
        inputs.append(s)
        inputs.append(mutate(s, alphabet: alphabet, rng: &rng))
      }
    }
    // A few invalid UTF-8 inputs: neither engine may match them.
    inputs.append([0xFF])
    inputs.append(Array("a".utf8) + [0xC3])
    for input in inputs {
      let expected = oracle.matches(input)
      let actual: Bool
      do {
        actual = try dfa.matches(input)
      } catch {
        outcome.budgetExceeded += 1
        return
      }
      outcome.compared += 1
      if actual != expected {
        let text = String(decoding: input, as: UTF8.self).debugDescription
        outcome.disagreements.append(
          "pattern \(pattern.debugDescription) on \(text) (\(input)): Strait \(actual), PCRE2 \(expected)")
      }
    }
  }

  /// `s` with one scalar inserted, deleted or replaced (at a scalar boundary).
  static func mutate(_ s: [UInt8], alphabet: [Unicode.Scalar], rng: inout SeededRandom) -> [UInt8] {
    var scalars = Array(String(decoding: s, as: UTF8.self).unicodeScalars)
    let c = alphabet.randomElement(using: &rng) ?? "a"
    let i = Int.random(in: 0...scalars.count, using: &rng)
    switch Int.random(in: 0..<3, using: &rng) {
    case 0: scalars.insert(c, at: i)
    case 1 where i < scalars.count: scalars.remove(at: i)
    default:
      if i < scalars.count { scalars[i] = c } else { scalars.append(c) }
    }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return Array(String(view).utf8)
  }

  /// A random path through live states, stopping at an accepting state now and then.
  static func randomWalk(_ dfa: LazyDFA, maxLength: Int, rng: inout SeededRandom) throws -> [UInt8] {
    var s = dfa.start
    var out: [UInt8] = []
    while out.count < maxLength {
      if dfa.isAccepting(s), Int.random(in: 0..<4, using: &rng) == 0 { break }
      var options: [(UInt8, DFAState)] = []
      for b in 0...255 {
        let t = try dfa.next(s, UInt8(b))
        if !dfa.isDead(t) { options.append((UInt8(b), t)) }
      }
      guard let (b, t) = options.randomElement(using: &rng) else { break }
      out.append(b)
      s = t
    }
    return out
  }
}
