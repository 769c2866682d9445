import StraitAutomata

/// A slow, obviously-correct membership test for terms: dynamic programming over the term
/// structure and the substrings of one input. The oracle for the DFA in the algebra tests.
struct ReferenceMatcher {
  let store: TermStore
  let input: [UInt8]
  private var memo: [Key: Bool] = [:]

  private struct Key: Hashable {
    var term: UInt32
    var i: Int
    var j: Int
    // Plain membership uses lo = -2, which no repeat counter takes.
    var lo: Int32 = -2
    var hi: Int32 = -2
  }

  init(store: TermStore, input: [UInt8]) {
    self.store = store
    self.input = input
  }

  static func matches(_ t: Term, _ input: [UInt8], store: TermStore) -> Bool {
    var m = ReferenceMatcher(store: store, input: input)
    return m.matches(t, 0, input.count)
  }

  mutating func matches(_ t: Term, _ i: Int, _ j: Int) -> Bool {
    let key = Key(term: t.id, i: i, j: j)
    if let v = memo[key] { return v }
    let v: Bool
    switch store.node(t) {
    case .empty: v = false
    case .epsilon: v = i == j
    case .bytes(let s): v = j == i + 1 && s.contains(input[i])
    case .concat(let a, let b): v = (i...j).contains { k in matches(a, i, k) && matches(b, k, j) }
    case .union(let ms): v = ms.contains { matches($0, i, j) }
    case .intersection(let ms): v = ms.allSatisfy { matches($0, i, j) }
    case .complement(let a): v = !matches(a, i, j)
    case .star(let a):
      v = i == j || ((i + 1)...j).contains { k in matches(a, i, k) && matches(t, k, j) }
    case .repeat(let a, let lo, let hi): v = repeatMatches(t, a, lo, hi, i, j)
    }
    memo[key] = v
    return v
  }

  /// `a{lo,hi}` over `input[i..<j]`; an empty iteration only helps while `lo > 0`.
  private mutating func repeatMatches(
    _ t: Term, _ a: Term, _ lo: Int32, _ hi: Int32, _ i: Int, _ j: Int
  ) -> Bool {
    let key = Key(term: t.id, i: i, j: j, lo: lo, hi: hi)
    if let v = memo[key] { return v }
    var v = lo == 0 && i == j
    if !v, hi != 0 {
      let nlo = max(lo - 1, 0)
      let nhi = hi < 0 ? hi : hi - 1
      for k in i...j where k > i || lo > 0 {
        if matches(a, i, k), repeatMatches(t, a, nlo, nhi, k, j) {
          v = true
          break
        }
      }
    }
    memo[key] = v
    return v
  }
}
