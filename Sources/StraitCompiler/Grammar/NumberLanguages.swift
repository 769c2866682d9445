import StraitAutomata

/// Comparison operators for number bounds.
enum NumberComparison {
  case less, lessOrEqual, greater, greaterOrEqual
}

/// Regular languages of JSON number literals defined by their values.
///
/// The literals are those of the *canonical number grammar*: plain decimals
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` and normalised scientific notation
/// `-?[1-9](\.[0-9]{1,16})?[eE][+-]?[0-9]+` (one non-zero digit before the point, at most
/// 16 after it: the forms `json.dumps`, JavaScript and other shortest-round-trip printers
/// write). Other valid JSON spellings (`12e3`, `0.5e1`, `0e0`) are outside the grammar and
/// rejected; every language here is exact within it (a literal of the grammar is accepted
/// iff its value satisfies the constraint), which keeps complements sound.
final class NumberLanguages {
  let store: TermStore
  /// The most digits after the point in a scientific mantissa.
  static let mantissaFractionDigits = 16

  init(store: TermStore) { self.store = store }

  // MARK: Building blocks

  func digitRange(_ a: UInt8, _ b: UInt8) -> Term {
    a > b ? store.empty : store.byteRange(0x30 + a, 0x30 + b)
  }
  lazy var anyDigit = digitRange(0, 9)
  lazy var nonZeroDigit = digitRange(1, 9)
  lazy var minus = store.bytes([UInt8(ascii: "-")])
  lazy var point = store.bytes([UInt8(ascii: ".")])
  lazy var zeroChar = store.bytes([UInt8(ascii: "0")])
  lazy var eChar = store.union([store.bytes([UInt8(ascii: "e")]), store.bytes([UInt8(ascii: "E")])])

  func digits(_ lo: Int, _ hi: Int?) -> Term { store.repeat(anyDigit, min: lo, max: hi) }
  func literalDigits(_ ds: some Sequence<UInt8>) -> Term { store.bytes(ds.map { $0 + 0x30 }) }

  /// `0|[1-9][0-9]*`
  lazy var integerPart = store.union([zeroChar, store.concat([nonZeroDigit, digits(0, nil)])])
  /// `(\.[0-9]+)?`
  lazy var anyFraction = store.optional(store.concat([point, digits(1, nil)]))
  /// `(\.[0-9]{1,16})?`
  lazy var mantissaFraction = store.optional(
    store.concat([point, digits(1, Self.mantissaFractionDigits)]))
  /// Plain unsigned decimals.
  lazy var plainUnsigned = store.concat([integerPart, anyFraction])
  /// Plain zero: `0(\.0+)?`.
  lazy var plainZero = store.concat([
    zeroChar, store.optional(store.concat([point, store.plus(zeroChar)])),
  ])
  /// A normalised mantissa `[1-9](\.[0-9]{1,16})?`.
  lazy var mantissa = store.concat([nonZeroDigit, mantissaFraction])
  /// Unsigned scientific literals.
  lazy var sciUnsigned = store.concat([mantissa, exponent(nil, nil)])
  /// Every unsigned literal of the grammar.
  lazy var unsigned = store.union([plainUnsigned, sciUnsigned])
  /// Every literal of the canonical grammar.
  lazy var any = store.concat([store.optional(minus), unsigned])

  // MARK: Integers over digit strings

  /// Canonical non-negative integer strings (no leading zeros) with value in `lo...hi`.
  func canonicalRange(_ lo: Int, _ hi: Int?) -> Term {
    var parts: [Term] = []
    var lo = max(lo, 0)
    if let hi, hi < lo { return store.empty }
    if lo == 0 {
      parts.append(zeroChar)
      lo = 1
    }
    if let hi, hi < lo { return store.union(parts) }
    let dl = Self.decimalDigits(lo)
    guard let hi else {
      parts.append(sameLengthRange(dl, [UInt8](repeating: 9, count: dl.count)))
      parts.append(store.concat([nonZeroDigit, digits(dl.count, nil)]))
      return store.union(parts)
    }
    let dh = Self.decimalDigits(hi)
    if dl.count == dh.count {
      parts.append(sameLengthRange(dl, dh))
    } else {
      parts.append(sameLengthRange(dl, [UInt8](repeating: 9, count: dl.count)))
      if dh.count - dl.count >= 2 {
        parts.append(store.concat([nonZeroDigit, digits(dl.count, dh.count - 2)]))
      }
      parts.append(sameLengthRange([1] + [UInt8](repeating: 0, count: dh.count - 1), dh))
    }
    return store.union(parts)
  }

  /// Digit strings of one length with value in `a...b` (digit by digit).
  func sameLengthRange(_ a: [UInt8], _ b: [UInt8]) -> Term {
    guard let a0 = a.first, let b0 = b.first else { return store.epsilon }
    let n = a.count
    if a0 == b0 {
      return store.concat([digitRange(a0, a0), sameLengthRange(Array(a.dropFirst()), Array(b.dropFirst()))])
    }
    let restA = Array(a.dropFirst())
    let restB = Array(b.dropFirst())
    let allZero = restA.allSatisfy { $0 == 0 }
    let allNine = restB.allSatisfy { $0 == 9 }
    var parts: [Term] = []
    var lo = a0
    var hi = b0
    if !allZero {
      parts.append(store.concat([digitRange(a0, a0), sameLengthRange(restA, [UInt8](repeating: 9, count: n - 1))]))
      lo += 1
    }
    if !allNine {
      parts.append(store.concat([digitRange(b0, b0), sameLengthRange([UInt8](repeating: 0, count: n - 1), restB)]))
      hi -= 1
    }
    if lo <= hi { parts.append(store.concat([digitRange(lo, hi), digits(n - 1, n - 1)])) }
    return store.union(parts)
  }

  static func decimalDigits(_ v: Int) -> [UInt8] {
    String(v).utf8.map { $0 - 0x30 }
  }

  /// `[eE][+-]?[0-9]+` whose value (leading zeros allowed) is in `lo...hi` (nil: unbounded).
  func exponent(_ lo: Int?, _ hi: Int?) -> Term {
    var parts: [Term] = []
    let zeros = store.star(zeroChar)
    // Non-negative values: optional '+'.
    let nnLo = max(lo ?? 0, 0)
    if hi.map({ $0 >= nnLo }) ?? true {
      let body = canonicalRange(nnLo, hi)
      parts.append(store.concat([store.optional(store.bytes([UInt8(ascii: "+")])), zeros, body]))
    }
    // Non-positive values: '-' then the magnitude.
    let npHi = min(hi ?? 0, 0)
    if lo.map({ $0 <= npHi }) ?? true {
      let body = canonicalRange(-npHi, lo.map { -$0 })
      parts.append(store.concat([store.bytes([UInt8(ascii: "-")]), zeros, body]))
    }
    return store.concat([eChar, store.union(parts)])
  }

  // MARK: Fractions (the part after the integer digits, `(\.[0-9]+)?`)

  /// Fractions (at most `maxLength` digits when set) equal in value to `.cf`.
  func fractionEqual(_ cf: [UInt8], maxLength: Int?) -> Term {
    if cf.isEmpty {
      return store.optional(store.concat([point, store.repeat(zeroChar, min: 1, max: maxLength)]))
    }
    if let m = maxLength, cf.count > m { return store.empty }
    return store.concat([
      point, literalDigits(cf), store.repeat(zeroChar, min: 0, max: maxLength.map { $0 - cf.count }),
    ])
  }

  /// Fractions smaller than `.cf`.
  ///
  /// Built right to left so that the term is linear in the length of `cf`: `acc` holds the
  /// continuations after a prefix equal to `cf[0..<i]`.
  func fractionLess(_ cf: [UInt8], maxLength: Int?) -> Term {
    if cf.isEmpty { return store.empty }
    let top = min(cf.count, maxLength ?? Int.max)
    // After all of cf[0..<top]: a proper non-empty prefix is smaller (cf's rest is non-zero).
    var acc = (top >= 1 && top < cf.count) ? store.epsilon : store.empty
    for i in stride(from: top - 1, through: 0, by: -1) {
      var parts = [store.concat([digitRange(cf[i], cf[i]), acc])]
      if cf[i] > 0 {
        parts.append(store.concat([digitRange(0, cf[i] - 1), digits(0, maxLength.map { $0 - i - 1 })]))
      }
      if i >= 1 { parts.append(store.epsilon) }
      acc = store.union(parts)
    }
    return store.union([store.epsilon, store.concat([point, acc])])
  }

  /// Fractions greater than `.cf`.
  func fractionGreater(_ cf: [UInt8], maxLength: Int?) -> Term {
    let top = min(cf.count, maxLength ?? Int.max)
    // After all of cf: digits holding a non-zero one (within the remaining room).
    var acc: Term
    if top < cf.count {
      acc = store.empty
    } else if let m = maxLength {
      let room = m - cf.count
      var tail = store.empty
      if room >= 1 {
        for r in 1...room {
          tail = store.union([store.concat([nonZeroDigit, digits(0, r - 1)]), store.concat([zeroChar, tail])])
        }
      }
      acc = tail
    } else {
      acc = store.concat([store.star(zeroChar), nonZeroDigit, digits(0, nil)])
    }
    for i in stride(from: top - 1, through: 0, by: -1) {
      var parts = [store.concat([digitRange(cf[i], cf[i]), acc])]
      if cf[i] < 9 {
        parts.append(store.concat([digitRange(cf[i] + 1, 9), digits(0, maxLength.map { $0 - i - 1 })]))
      }
      acc = store.union(parts)
    }
    return store.concat([point, acc])
  }

  // MARK: Plain magnitudes

  /// Plain unsigned literals whose value compares to `c` (≥ 0) as `op`.
  func plainMagnitude(_ op: NumberComparison, _ c: DecimalParts) -> Term {
    let ci = c.intDigits
    let n = ci.count
    let intEqual = n == 0 ? zeroChar : literalDigits(ci)
    let fracLess = fractionLess(c.fracDigits, maxLength: nil)
    let fracEq = fractionEqual(c.fracDigits, maxLength: nil)
    let fracGreater = fractionGreater(c.fracDigits, maxLength: nil)
    switch op {
    case .less, .lessOrEqual:
      var parts: [Term] = []
      if n >= 1 {
        parts.append(store.concat([zeroChar, anyFraction]))
        if n >= 2 { parts.append(store.concat([nonZeroDigit, digits(0, n - 2), anyFraction])) }
        parts.append(store.concat([sameLength(ci, less: true), anyFraction]))
      }
      parts.append(store.concat([intEqual, op == .less ? fracLess : store.union([fracLess, fracEq])]))
      return store.union(parts)
    case .greater, .greaterOrEqual:
      var parts: [Term] = []
      parts.append(store.concat([nonZeroDigit, digits(n, nil), anyFraction]))
      if n >= 1 { parts.append(store.concat([sameLength(ci, less: false), anyFraction])) }
      parts.append(store.concat([intEqual, op == .greater ? fracGreater : store.union([fracGreater, fracEq])]))
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
        parts.append(store.concat([digitRange(ci[i] + 1, 9), digits(n - 1 - i, n - 1 - i)]))
      }
      acc = store.union(parts)
    }
    return acc
  }

  // MARK: Scientific magnitudes

  /// Normalised mantissas comparing to the significand of `c` as `op`.
  private func mantissaCompare(_ op: NumberComparison, _ c: DecimalParts) -> Term {
    let d0 = c.significand[0]
    let rest = Array(c.significand.dropFirst())
    let m = Self.mantissaFractionDigits
    let eq = store.concat([digitRange(d0, d0), fractionEqual(rest, maxLength: m)])
    switch op {
    case .less, .lessOrEqual:
      var parts = [
        store.concat([digitRange(1, d0 - 1), mantissaFraction]),
        store.concat([digitRange(d0, d0), fractionLess(rest, maxLength: m)]),
      ]
      if op == .lessOrEqual { parts.append(eq) }
      return store.union(parts)
    case .greater, .greaterOrEqual:
      var parts = [
        store.concat([digitRange(d0 + 1, 9), mantissaFraction]),
        store.concat([digitRange(d0, d0), fractionGreater(rest, maxLength: m)]),
      ]
      if op == .greaterOrEqual { parts.append(eq) }
      return store.union(parts)
    }
  }

  /// Unsigned scientific literals whose value compares to `c` (> 0) as `op`.
  func sciMagnitude(_ op: NumberComparison, _ c: DecimalParts) -> Term {
    let e = c.leadExponent
    switch op {
    case .less, .lessOrEqual:
      return store.union([
        store.concat([mantissa, exponent(nil, e - 1)]),
        store.concat([mantissaCompare(op, c), exponent(e, e)]),
      ])
    case .greater, .greaterOrEqual:
      return store.union([
        store.concat([mantissa, exponent(e + 1, nil)]),
        store.concat([mantissaCompare(op, c), exponent(e, e)]),
      ])
    }
  }

  /// Unsigned literals (plain or scientific) whose value compares to `c` (> 0) as `op`.
  private func magnitude(_ op: NumberComparison, _ c: DecimalParts) -> Term {
    store.union([plainMagnitude(op, c), sciMagnitude(op, c)])
  }

  // MARK: Signed comparisons

  /// Literals of the canonical grammar whose value `x` satisfies `x op c`.
  func compare(_ op: NumberComparison, _ c: DecimalParts) -> Term {
    let neg = minus
    let allNegative = store.concat([neg, unsigned])
    if c.isZero {
      switch op {
      case .greaterOrEqual:
        return store.union([unsigned, store.concat([neg, plainZero])])
      case .greater:
        return store.union([plainMagnitude(.greater, c), sciUnsigned])
      case .lessOrEqual:
        return store.union([plainZero, allNegative])
      case .less:
        return store.concat([neg, store.union([plainMagnitude(.greater, c), sciUnsigned])])
      }
    }
    let a = c.magnitude
    if !c.isNegative {
      switch op {
      case .greater, .greaterOrEqual:
        return magnitude(op, a)
      case .less, .lessOrEqual:
        return store.union([magnitude(op, a), allNegative])
      }
    }
    // c < 0: x op c  ⟺  for negative x = -y: y (flipped op) |c|.
    switch op {
    case .greaterOrEqual:
      return store.union([unsigned, store.concat([neg, magnitude(.lessOrEqual, a)])])
    case .greater:
      return store.union([unsigned, store.concat([neg, magnitude(.less, a)])])
    case .lessOrEqual:
      return store.concat([neg, magnitude(.greaterOrEqual, a)])
    case .less:
      return store.concat([neg, magnitude(.greater, a)])
    }
  }

  /// Literals of the canonical grammar equal in value to `c`.
  func equal(_ c: DecimalParts) -> Term {
    if c.isZero { return store.concat([store.optional(minus), plainZero]) }
    let a = c.magnitude
    let plain = store.concat([
      a.intDigits.isEmpty ? zeroChar : literalDigits(a.intDigits),
      fractionEqual(a.fracDigits, maxLength: nil),
    ])
    let sci = store.concat([mantissaCompareEqual(a), exponent(a.leadExponent, a.leadExponent)])
    let body = store.union([plain, sci])
    return c.isNegative ? store.concat([minus, body]) : body
  }

  private func mantissaCompareEqual(_ c: DecimalParts) -> Term {
    let d0 = c.significand[0]
    return store.concat([
      digitRange(d0, d0),
      fractionEqual(Array(c.significand.dropFirst()), maxLength: Self.mantissaFractionDigits),
    ])
  }

  // MARK: Integers and multiples of powers of ten

  /// Literals whose value is an integer multiple of 10^-s (s = 0: integers; s < 0:
  /// multiples of 10, 100, ...).
  ///
  /// Plain literals: the fraction has at most `s` significant digits (for s < 0, no
  /// significant fraction digits and `-s` trailing zeros in the integer part). Scientific
  /// `m.f × 10^N`: the fraction has at most `N + s` significant digits.
  func multipleOfPowerOfTen(scale s: Int) -> Term {
    let zeroFraction = store.optional(store.concat([point, store.plus(zeroChar)]))
    let plain: Term
    if s <= 0 {
      let intPart = s == 0
        ? integerPart
        : store.union([zeroChar, store.concat([nonZeroDigit, digits(0, nil), store.repeat(zeroChar, min: -s, max: -s)])])
      plain = store.concat([intPart, zeroFraction])
    } else {
      let fraction = store.optional(store.concat([
        point, store.union([digits(1, s), store.concat([digits(s, s), store.plus(zeroChar)])]),
      ]))
      plain = store.concat([integerPart, fraction])
    }
    let m = Self.mantissaFractionDigits
    var sci: [Term] = []
    // N + s = k significant fraction digits allowed, for k in 0..<m; beyond: any fraction.
    for k in 0..<m {
      let n = k - s
      let frac: Term
      if k == 0 {
        frac = store.optional(store.concat([point, store.repeat(zeroChar, min: 1, max: m)]))
      } else {
        frac = store.optional(store.concat([
          point,
          store.union([digits(1, k), store.concat([digits(k, k), store.repeat(zeroChar, min: 1, max: m - k)])]),
        ]))
      }
      sci.append(store.concat([nonZeroDigit, frac, exponent(n, n)]))
    }
    sci.append(store.concat([mantissa, exponent(m - s, nil)]))
    return store.concat([store.optional(minus), store.union([plain, store.union(sci)])])
  }

  /// Plain integer literals only (`-?(0|[1-9][0-9]*)`: draft-04 `integer`).
  lazy var plainInteger = store.concat([store.optional(minus), integerPart])
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
