import StraitAutomata

/// Comparison operators for number bounds.
enum NumberComparison {
  case less, lessOrEqual, greater, greaterOrEqual
}

/// Regular languages of JSON number literals defined by their values.
///
/// The literals are those of the *canonical number grammar*: plain decimals
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`. Exponent notation is outside it (rejected), which keeps
/// every value constraint exact and free of intersections: a literal of the grammar is
/// accepted iff its value satisfies the constraint.
///
/// Most builders take `significant`: when set, only literals with at most that many
/// significant fraction digits (the rest zeros) are produced — integers (`0`), multiples of
/// 0.01 (`2`) — so `type: integer` or `multipleOf: 0.01` combine with bounds without an
/// intersection.
final class NumberLanguages {
  let store: TermStore

  init(store: TermStore) { self.store = store }

  /// The fixed terms of a ``NumberLanguages``, to start another on a copy of its store
  /// (``TermStore/init(copying:)``, same term ids) without rebuilding them.
  struct Snapshot: Sendable {
    fileprivate var anyDigit, nonZeroDigit, minus, point, zeroChar, integerPart, any, zero: Term
  }

  /// Builds the fixed terms and records them.
  func snapshot() -> Snapshot {
    Snapshot(
      anyDigit: anyDigit, nonZeroDigit: nonZeroDigit, minus: minus, point: point, zeroChar: zeroChar,
      integerPart: integerPart, any: any, zero: zero)
  }

  /// Number languages on `store`, a copy of the store `snapshot` was taken on.
  init(store: TermStore, snapshot s: Snapshot) {
    self.store = store
    anyDigit = s.anyDigit
    nonZeroDigit = s.nonZeroDigit
    minus = s.minus
    point = s.point
    zeroChar = s.zeroChar
    integerPart = s.integerPart
    any = s.any
    zero = s.zero
  }

  // MARK: Building blocks

  func digitRange(_ a: UInt8, _ b: UInt8) -> Term {
    a > b ? store.empty : store.byteRange(0x30 + a, 0x30 + b)
  }
  lazy var anyDigit = digitRange(0, 9)
  lazy var nonZeroDigit = digitRange(1, 9)
  lazy var minus = store.bytes([UInt8(ascii: "-")])
  lazy var point = store.bytes([UInt8(ascii: ".")])
  lazy var zeroChar = store.bytes([UInt8(ascii: "0")])

  func digits(_ lo: Int, _ hi: Int?) -> Term { store.repeat(anyDigit, min: lo, max: hi) }
  func literalDigits(_ ds: some Sequence<UInt8>) -> Term { store.bytes(ds.map { $0 + 0x30 }) }

  /// `0|[1-9][0-9]*`
  lazy var integerPart = store.union([zeroChar, store.concat([nonZeroDigit, digits(0, nil)])])
  /// Every literal of the canonical grammar.
  lazy var any = store.concat([store.optional(minus), integerPart, fraction(significant: nil)])
  /// Plain zero, unsigned: `0(\.0+)?`.
  lazy var zero = store.concat([zeroChar, fraction(significant: 0)])

  /// Unsigned zero in the grammar restricted by `significant`: `0(\.0+)?`, or `0` alone
  /// when no fraction is allowed (`significant == -1`, draft-04 `integer`).
  func zero(_ significant: Int?) -> Term {
    significant == -1 ? zeroChar : zero
  }

  /// The largest digit allowed at fraction position `i`.
  private func maxDigit(_ i: Int, _ significant: Int?) -> UInt8 {
    significant.map { i < $0 ? 9 : 0 } ?? 9
  }

  /// Fraction digits from position `i` on (any count, possibly none).
  func fractionTail(from i: Int, _ significant: Int?) -> Term {
    guard let s = significant else { return digits(0, nil) }
    if i >= s { return store.star(zeroChar) }
    return store.concat([digits(0, s - i), store.star(zeroChar)])
  }

  /// `(\.[0-9]+)?` restricted to `significant` digits (-1: no fraction at all).
  func fraction(significant: Int?) -> Term {
    if significant == -1 { return store.epsilon }
    let first = store.union([
      store.concat([digitRange(0, maxDigit(0, significant)), fractionTail(from: 1, significant)]),
    ])
    return store.optional(store.concat([point, first]))
  }

  // MARK: Fractions compared with `.cf`

  /// Fractions (possibly absent) equal in value to `.cf`.
  func fractionEqual(_ cf: [UInt8], _ significant: Int?) -> Term {
    if significant == -1 { return cf.isEmpty ? store.epsilon : store.empty }
    if cf.isEmpty { return store.optional(store.concat([point, store.plus(zeroChar)])) }
    if let s = significant, cf.count > s { return store.empty }
    return store.concat([point, literalDigits(cf), store.star(zeroChar)])
  }

  /// Fractions smaller than `.cf`, built right to left (linear in the length of `cf`).
  func fractionLess(_ cf: [UInt8], _ significant: Int?) -> Term {
    if cf.isEmpty { return store.empty }
    if significant == -1 { return store.epsilon }
    // After matching all of cf: nothing smaller remains.
    var acc = store.empty
    for i in stride(from: cf.count - 1, through: 0, by: -1) {
      var parts: [Term] = []
      let top = maxDigit(i, significant)
      if cf[i] <= top { parts.append(store.concat([digitRange(cf[i], cf[i]), acc])) }
      if cf[i] > 0 {
        parts.append(store.concat([digitRange(0, min(cf[i] - 1, top)), fractionTail(from: i + 1, significant)]))
      }
      // Ending here: a proper non-empty prefix of cf (its rest holds a non-zero digit).
      if i >= 1 { parts.append(store.epsilon) }
      acc = store.union(parts)
    }
    return store.union([store.epsilon, store.concat([point, acc])])
  }

  /// Fractions greater than `.cf`.
  func fractionGreater(_ cf: [UInt8], _ significant: Int?) -> Term {
    if significant == -1 { return store.empty }
    // After all of cf: digits holding a non-zero one.
    var acc: Term
    if let s = significant {
      var tail = store.empty
      if s > cf.count {
        for j in stride(from: s - 1, through: cf.count, by: -1) {
          tail = store.union([
            store.concat([nonZeroDigit, fractionTail(from: j + 1, significant)]),
            store.concat([zeroChar, tail]),
          ])
        }
      }
      acc = tail
    } else {
      acc = store.concat([store.star(zeroChar), nonZeroDigit, digits(0, nil)])
    }
    for i in stride(from: cf.count - 1, through: 0, by: -1) {
      var parts: [Term] = []
      let top = maxDigit(i, significant)
      if cf[i] <= top { parts.append(store.concat([digitRange(cf[i], cf[i]), acc])) }
      if cf[i] < top {
        parts.append(store.concat([digitRange(cf[i] + 1, top), fractionTail(from: i + 1, significant)]))
      }
      acc = store.union(parts)
    }
    return store.concat([point, acc])
  }

  // MARK: Magnitudes

  /// Unsigned literals whose value compares to `c` (≥ 0) as `op`.
  func magnitude(_ op: NumberComparison, _ c: DecimalParts, _ significant: Int?) -> Term {
    let ci = c.intDigits
    let n = ci.count
    let intEqual = n == 0 ? zeroChar : literalDigits(ci)
    let anyFrac = fraction(significant: significant)
    let eq = fractionEqual(c.fracDigits, significant)
    switch op {
    case .less, .lessOrEqual:
      var parts: [Term] = []
      if n >= 1 {
        parts.append(store.concat([zeroChar, anyFrac]))
        if n >= 2 { parts.append(store.concat([nonZeroDigit, digits(0, n - 2), anyFrac])) }
        parts.append(store.concat([sameLength(ci, less: true), anyFrac]))
      }
      let less = fractionLess(c.fracDigits, significant)
      parts.append(store.concat([intEqual, op == .less ? less : store.union([less, eq])]))
      return store.union(parts)
    case .greater, .greaterOrEqual:
      var parts: [Term] = []
      parts.append(store.concat([nonZeroDigit, digits(n, nil), anyFrac]))
      if n >= 1 { parts.append(store.concat([sameLength(ci, less: false), anyFrac])) }
      let greater = fractionGreater(c.fracDigits, significant)
      parts.append(store.concat([intEqual, op == .greater ? greater : store.union([greater, eq])]))
      return store.union(parts)
    }
  }

  /// Integer digit strings of the length of `ci` (no leading zero) that are smaller
  /// (`less`) or greater than `ci`; built right to left, linear in the length.
  private func sameLength(_ ci: [UInt8], less: Bool) -> Term {
    let n = ci.count
    var acc = store.empty
    for i in stride(from: n - 1, through: 0, by: -1) {
      let lo: UInt8 = i == 0 ? 1 : 0
      var parts = [store.concat([digitRange(ci[i], ci[i]), acc])]
      if less {
        if ci[i] > lo { parts.append(store.concat([digitRange(lo, ci[i] - 1), digits(n - 1 - i, n - 1 - i)])) }
      } else if ci[i] < 9 {
        parts.append(store.concat([digitRange(max(ci[i] + 1, lo), 9), digits(n - 1 - i, n - 1 - i)]))
      }
      acc = store.union(parts)
    }
    return acc
  }

  // MARK: Signed languages

  /// Unsigned literals of the restricted grammar.
  func unsigned(_ significant: Int?) -> Term {
    store.concat([integerPart, fraction(significant: significant)])
  }

  /// Literals `x` (at most `significant` significant fraction digits) with `x op c`.
  func compare(_ op: NumberComparison, _ c: DecimalParts, significant: Int?) -> Term {
    let neg = minus
    let allUnsigned = unsigned(significant)
    let allNegative = store.concat([neg, allUnsigned])
    let z = zero(significant)
    if c.isZero {
      switch op {
      case .greaterOrEqual: return store.union([allUnsigned, store.concat([neg, z])])
      case .greater: return magnitude(.greater, c, significant)
      case .lessOrEqual: return store.union([z, allNegative])
      case .less: return store.concat([neg, magnitude(.greater, c, significant)])
      }
    }
    let a = c.magnitude
    if !c.isNegative {
      switch op {
      case .greater, .greaterOrEqual: return magnitude(op, a, significant)
      case .less, .lessOrEqual: return store.union([magnitude(op, a, significant), allNegative])
      }
    }
    // c < 0: for negative x = -y, x op c  ⟺  y (flipped op) |c|.
    switch op {
    case .greaterOrEqual: return store.union([allUnsigned, store.concat([neg, magnitude(.lessOrEqual, a, significant)])])
    case .greater: return store.union([allUnsigned, store.concat([neg, magnitude(.less, a, significant)])])
    case .lessOrEqual: return store.concat([neg, magnitude(.greaterOrEqual, a, significant)])
    case .less: return store.concat([neg, magnitude(.greater, a, significant)])
    }
  }

  /// Literals `x` with `lower ≤ x ≤ upper` (each bound optional, inclusive or not),
  /// without intersection: the interval is split at zero and each side built by one
  /// digit-by-digit comparison against both bounds.
  func range(
    lower: (value: DecimalParts, exclusive: Bool)?, upper: (value: DecimalParts, exclusive: Bool)?,
    significant: Int?
  ) -> Term {
    switch (lower, upper) {
    case (nil, nil):
      return store.concat([store.optional(minus), unsigned(significant)])
    case (let l?, nil):
      return compare(l.exclusive ? .greater : .greaterOrEqual, l.value, significant: significant)
    case (nil, let u?):
      return compare(u.exclusive ? .less : .lessOrEqual, u.value, significant: significant)
    case (let l?, let u?):
      let lo = l.value
      let hi = u.value
      let loNeg = lo.isNegative
      let hiNeg = hi.isNegative
      let z = zero(significant)
      if !loNeg && !hiNeg {
        // 0 ≤ lo ≤ hi: magnitudes between; "-0" when 0 itself is in.
        var parts = [between(lo, !l.exclusive, hi, !u.exclusive, significant)]
        if lo.isZero && !l.exclusive { parts.append(store.concat([minus, z])) }
        return store.union(parts)
      }
      if loNeg && (hiNeg || hi.isZero) {
        // lo < hi ≤ 0: x = -y with |hi| ≤ y ≤ |lo|; unsigned zero when 0 itself is in.
        var parts = [store.concat([minus, between(hi.magnitude, !u.exclusive, lo.magnitude, !l.exclusive, significant)])]
        if hi.isZero && !u.exclusive { parts.append(z) }
        return store.union(parts)
      }
      // lo < 0 < hi.
      return store.union([
        store.concat([minus, magnitude(l.exclusive ? .less : .lessOrEqual, lo.magnitude, significant)]),
        magnitude(u.exclusive ? .less : .lessOrEqual, hi, significant),
      ])
    }
  }

  /// Unsigned literals y with `a ≤ y ≤ b` (`<` where not inclusive), 0 ≤ a ≤ b.
  ///
  /// Integer parts are split by length; at the lengths of `a` and `b` the digits are
  /// compared position by position while the prefix still equals the bound ("tight").
  private func between(
    _ a: DecimalParts, _ aIncl: Bool, _ b: DecimalParts, _ bIncl: Bool, _ significant: Int?
  ) -> Term {
    let ai = a.intDigits
    let bi = b.intDigits
    let la = ai.count
    let lb = bi.count
    if la > lb { return store.empty }
    var parts: [Term] = []
    if la == 0 {
      parts.append(store.concat([zeroChar, fractionBetween(a.fracDigits, aIncl, true, b.fracDigits, bIncl, lb == 0, significant)]))
    }
    // Lengths strictly between the bounds' lengths: any digits.
    let midLo = max(la + 1, 1)
    let midHi = lb - 1
    if midLo <= midHi {
      parts.append(store.concat([nonZeroDigit, digits(midLo - 1, midHi - 1), fraction(significant: significant)]))
    }
    for len in Set([la, lb]) where len >= 1 {
      let tA = len == la
      let tB = len == lb
      // T(i, tightA, tightB), built from the last integer digit backwards.
      var next: [[Term]] = [[store.empty, store.empty], [store.empty, store.empty]]
      for x in 0...1 {
        for y in 0...1 {
          next[x][y] = fractionBetween(a.fracDigits, aIncl, x == 1, b.fracDigits, bIncl, y == 1, significant)
        }
      }
      for i in stride(from: len - 1, through: 0, by: -1) {
        var cur: [[Term]] = [[store.empty, store.empty], [store.empty, store.empty]]
        for x in 0...1 {
          for y in 0...1 {
            let tightA = x == 1 && tA
            let tightB = y == 1 && tB
            let minD: UInt8 = i == 0 ? 1 : 0
            let lo = max(tightA ? ai[i] : 0, minD)
            let hi = tightB ? bi[i] : 9
            if lo > hi { continue }
            var ps: [Term] = []
            // Digits that keep a bound tight, then the loose middle.
            var loose: [UInt8] = []
            for d in lo...hi {
              let keepA = tightA && d == ai[i]
              let keepB = tightB && d == bi[i]
              if keepA || keepB {
                ps.append(store.concat([digitRange(d, d), next[keepA ? 1 : 0][keepB ? 1 : 0]]))
              } else {
                loose.append(d)
              }
            }
            if let first = loose.first, let last = loose.last {
              ps.append(store.concat([digitRange(first, last), next[0][0]]))
            }
            cur[x][y] = store.union(ps)
          }
        }
        next = cur
      }
      parts.append(next[1][1])
    }
    return store.union(parts)
  }

  /// Fractions (possibly absent) between `.af` and `.bf` given which bounds the integer
  /// part equals (`tightA`, `tightB`); a loose side imposes nothing.
  func fractionBetween(
    _ af: [UInt8], _ aIncl: Bool, _ tightA: Bool, _ bf: [UInt8], _ bIncl: Bool, _ tightB: Bool,
    _ significant: Int?
  ) -> Term {
    switch (tightA, tightB) {
    case (false, false):
      return fraction(significant: significant)
    case (true, false):
      let g = fractionGreater(af, significant)
      return aIncl ? store.union([g, fractionEqual(af, significant)]) : g
    case (false, true):
      let l = fractionLess(bf, significant)
      return bIncl ? store.union([l, fractionEqual(bf, significant)]) : l
    case (true, true):
      break
    }
    if significant == -1 {
      // Only the absent fraction (value .0).
      let okA = af.isEmpty ? aIncl : false
      let okB = bf.isEmpty ? bIncl : true
      return okA && okB ? store.epsilon : store.empty
    }
    // F[j][x][y]: the digits from position j on (possibly none). At least one position is
    // built even when both bounds are integers, so that a point is always followed by a
    // digit (`2.` is not JSON).
    let m = max(af.count, bf.count, 1)
    func endAllowed(_ j: Int, _ x: Bool, _ y: Bool) -> Bool {
      let okA = !x || (j >= af.count && aIncl)
      let okB = !y || j < bf.count || bIncl
      return okA && okB
    }
    func closed(_ j: Int, _ x: Bool, _ y: Bool) -> Term {
      // Past both bounds' digits: remaining digits compare with zeros.
      switch (x, y) {
      case (false, false): return fractionTail(from: j, significant)
      case (true, false):
        if aIncl { return fractionTail(from: j, significant) }
        // Strictly greater: a non-zero digit must follow.
        var tail = store.empty
        if let s = significant {
          if s > j {
            for k in stride(from: s - 1, through: j, by: -1) {
              tail = store.union([
                store.concat([nonZeroDigit, fractionTail(from: k + 1, significant)]), store.concat([zeroChar, tail]),
              ])
            }
          }
        } else {
          tail = store.concat([store.star(zeroChar), nonZeroDigit, digits(0, nil)])
        }
        return tail
      case (false, true): return bIncl ? store.star(zeroChar) : store.empty
      case (true, true): return aIncl && bIncl ? store.star(zeroChar) : store.empty
      }
    }
    var next: [[Term]] = [[closed(m, false, false), closed(m, false, true)], [closed(m, true, false), closed(m, true, true)]]
    for j in stride(from: m - 1, through: 0, by: -1) {
      var cur: [[Term]] = [[store.empty, store.empty], [store.empty, store.empty]]
      for x in 0...1 {
        for y in 0...1 {
          let tA = x == 1
          let tB = y == 1
          let aD: UInt8 = j < af.count ? af[j] : 0
          let bD: UInt8 = j < bf.count ? bf[j] : 0
          let lo: UInt8 = tA ? aD : 0
          let hi: UInt8 = min(tB ? bD : 9, maxDigit(j, significant))
          var ps: [Term] = []
          if j >= 1 && endAllowed(j, tA, tB) { ps.append(store.epsilon) }
          if lo <= hi {
            var loose: [UInt8] = []
            for d in lo...hi {
              let keepA = tA && d == aD
              let keepB = tB && d == bD
              if keepA || keepB {
                ps.append(store.concat([digitRange(d, d), next[keepA ? 1 : 0][keepB ? 1 : 0]]))
              } else {
                loose.append(d)
              }
            }
            if let first = loose.first, let last = loose.last {
              ps.append(store.concat([digitRange(first, last), fractionTail(from: j + 1, significant)]))
            }
          }
          cur[x][y] = store.union(ps)
        }
      }
      next = cur
    }
    var out: [Term] = []
    if endAllowed(0, true, true) { out.append(store.epsilon) }
    let digitsPart = next[1][1]
    if digitsPart != store.empty { out.append(store.concat([point, digitsPart])) }
    return store.union(out)
  }

  /// Literals of the grammar equal in value to `c` (with `significant == -1`: only the
  /// spelling without a fraction, empty when `c` is not an integer).
  func equal(_ c: DecimalParts, significant: Int? = nil) -> Term {
    let plainOnly = significant == -1
    if c.isZero { return store.concat([store.optional(minus), zero(plainOnly ? -1 : nil)]) }
    let a = c.magnitude
    let body = store.concat([
      a.intDigits.isEmpty ? zeroChar : literalDigits(a.intDigits), fractionEqual(a.fracDigits, plainOnly ? -1 : nil),
    ])
    return c.isNegative ? store.concat([minus, body]) : body
  }

  /// Literals that are integer multiples of 10^k (k ≥ 1: `10`, `100`, ...).
  func multipleOfPowerOfTenAbove(_ k: Int) -> Term {
    let intPart = store.union([
      zeroChar, store.concat([nonZeroDigit, digits(0, nil), store.repeat(zeroChar, min: k, max: k)]),
    ])
    return store.concat([store.optional(minus), intPart, fraction(significant: 0)])
  }
}

extension NumberLanguages {
  /// The residue automaton over plain literals for multiples of `p × 10^-s` (p > 1).
  ///
  /// It reads `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, keeps the value of the digits read so far
  /// (integer part, then up to `s` fraction digits) modulo `p`, allows only zeros after
  /// the first `s` fraction digits, and accepts when the value scaled by 10^s is ≡ 0 mod p.
  /// Scientific literals are not accepted (see the caller).
  func plainMultipleAutomaton(p: Int, scale s: Int) -> SmallDFA {
    // Symbols: '-', '.', then the digits 0...9.
    var symbols = [minus, point]
    for d in 0...9 { symbols.append(digitRange(UInt8(d), UInt8(d))) }
    let fracSlots = max(s, 1)
    let start = 0
    let afterMinus = 1
    let zeroInt = 2
    func int(_ r: Int) -> Int { 3 + r }
    func fracNeed(_ r: Int) -> Int { 3 + p + r }
    func frac(_ r: Int, _ j: Int) -> Int { 3 + 2 * p + (j - 1) * p + r }
    let count = 3 + 2 * p + fracSlots * p
    var dfa = SmallDFA(symbols: symbols, stateCount: count, start: start)
    func pow10mod(_ k: Int) -> Int {
      var v = 1 % p
      for _ in 0..<max(k, 0) { v = (v * 10) % p }
      return v
    }
    let scaleMod = pow10mod(s)
    for q in [start, afterMinus] {
      dfa.transitions[q][2] = zeroInt
      for d in 1...9 { dfa.transitions[q][d + 2] = int(d % p) }
    }
    dfa.transitions[start][0] = afterMinus
    dfa.transitions[zeroInt][1] = fracNeed(0)
    dfa.accepting[zeroInt] = true
    for r in 0..<p {
      for d in 0...9 { dfa.transitions[int(r)][d + 2] = int((r * 10 + d) % p) }
      dfa.transitions[int(r)][1] = fracNeed(r)
      dfa.accepting[int(r)] = (r * scaleMod) % p == 0
      if s >= 1 {
        for d in 0...9 { dfa.transitions[fracNeed(r)][d + 2] = frac((r * 10 + d) % p, 1) }
      } else {
        dfa.transitions[fracNeed(r)][2] = frac(r, 1)
      }
      for j in 1...fracSlots {
        let q = frac(r, j)
        if j < s {
          for d in 0...9 { dfa.transitions[q][d + 2] = frac((r * 10 + d) % p, j + 1) }
        } else {
          dfa.transitions[q][2] = q
        }
        dfa.accepting[q] = (r * pow10mod(s - min(j, s))) % p == 0
      }
    }
    return dfa
  }
}
