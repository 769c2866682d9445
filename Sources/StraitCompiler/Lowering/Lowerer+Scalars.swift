import StraitAutomata
import StraitJSON

extension Lowerer {
  // MARK: Numbers

  /// The number kind of a conjunction: the canonical number grammar restricted by
  /// `type: integer`, the bounds and `multipleOf`.
  ///
  /// Integers, bounds and multiples of powers of ten are one intersection-free term
  /// (see ``NumberLanguages/range(lower:upper:significant:)``); other `multipleOf` values
  /// add a residue counter by intersection.
  func numberLanguage(_ c: Conjunction, integral: Bool, plainIntegerOnly: Bool) throws(CompileError)
    -> (Term, Fidelity)
  {
    let nums = lex.numbers
    var significant: Int? = plainIntegerOnly ? -1 : (integral ? 0 : nil)
    var counters: [Term] = []
    var lower: (value: JSONNumber, exclusive: Bool)? = nil
    var upper: (value: JSONNumber, exclusive: Bool)? = nil
    func tighten(_ v: JSONNumber, exclusive: Bool, isLower: Bool) {
      if isLower {
        if let l = lower, l.value > v || (l.value == v && l.exclusive) { return }
        lower = (v, exclusive)
      } else {
        if let u = upper, u.value < v || (u.value == v && u.exclusive) { return }
        upper = (v, exclusive)
      }
    }
    for (n, o, d) in c.objects {
      for (name, isLower) in [("minimum", true), ("maximum", false)] {
        guard let v = o[name] else { continue }
        guard case .number(let num) = v else { throw invalid(n, name, "must be a number") }
        let exclusive = o[isLower ? "exclusiveMinimum" : "exclusiveMaximum"] == .bool(true)
        tighten(num, exclusive: exclusive, isLower: isLower)
      }
      for (name, isLower) in [("exclusiveMinimum", true), ("exclusiveMaximum", false)] {
        guard let v = o[name] else { continue }
        switch v {
        case .bool: continue
        case .number(let num) where d >= .draft6: tighten(num, exclusive: true, isLower: isLower)
        default: throw invalid(n, name, d >= .draft6 ? "must be a number" : "must be a Boolean")
        }
      }
      if let m = o["multipleOf"] {
        guard case .number(let num) = m, !num.isNegative, !num.isZero else {
          throw invalid(n, "multipleOf", "must be a number greater than 0")
        }
        switch try multipleOf(num, node: n) {
        case .scale(let s):
          if s != -1 || significant != -1 { significant = min(significant ?? Int.max, s) }
        case .counter(let t): counters.append(t)
        case .dropped: break
        }
      }
    }
    func parts(_ b: (value: JSONNumber, exclusive: Bool)?, _ keyword: String) throws(CompileError)
      -> (value: DecimalParts, exclusive: Bool)?
    {
      guard let b else { return nil }
      guard let p = DecimalParts(b.value.decimal) else {
        throw CompileError(
          pointer: doc[c.members[0]].pointer, keyword: keyword,
          message: "the bound \(b.value) has too many digits", kind: .unsupported)
      }
      return (p, b.exclusive)
    }
    let lo = try parts(lower, "minimum")
    let hi = try parts(upper, "maximum")
    if let lo, let hi {
      let l = lower?.value
      let u = upper?.value
      if let l, let u, l > u || (l == u && (lo.exclusive || hi.exclusive)) { return (store.empty, .exact) }
    }
    let base =
      (lo == nil && hi == nil && significant == nil)
      ? nums.any : nums.range(lower: lo, upper: hi, significant: significant)
    if counters.isEmpty { return (base, .exact) }
    return (scalarBoolean("multipleOf", store.intersection([base] + counters)), .exact)
  }

  /// How a `multipleOf` is enforced.
  enum MultipleOf {
    /// Multiples of 10^-s: at most `s` significant fraction digits.
    case scale(Int)
    /// A residue counter (intersected with the rest).
    case counter(Term)
    /// Dropped (lenient mode).
    case dropped
  }

  /// The language of multiples of `m` over plain literals.
  func multipleOf(_ m: JSONNumber, node: NodeID) throws(CompileError) -> MultipleOf {
    let d = m.decimal
    guard d.digits.count <= 18, abs(d.exponent) <= 10_000 else {
      try unsupported(node, "multipleOf", "multipleOf \(m) has too many digits")
      return .dropped
    }
    var p = 0
    for digit in d.digits { p = p * 10 + Int(digit) }
    var s = -d.exponent
    if p == 1 && s >= 0 { return .scale(s) }
    // p × 10^-s: a residue counter over plain literals, scaled so it sees integers.
    var modulus = p
    while s < 0 {
      let (v, overflow) = modulus.multipliedReportingOverflow(by: 10)
      modulus = overflow ? Int.max : v
      s += 1
    }
    guard modulus <= 100_000, modulus * (s + 3) <= 400_000 else {
      try unsupported(node, "multipleOf", "multipleOf \(m) needs a residue counter that is too large")
      return .dropped
    }
    let dfa = lex.numbers.plainMultipleAutomaton(p: modulus, scale: s).minimized()
    guard dfa.stateCount <= options.maxMultipleOfStates else {
      try unsupported(
        node, "multipleOf",
        "multipleOf \(m) needs a residue counter of \(dfa.stateCount) states (the limit, "
          + "maxMultipleOfStates, is \(options.maxMultipleOfStates))")
      return .dropped
    }
    return .counter(dfa.term(in: store) ?? store.empty)
  }

  // MARK: Strings

  /// The string kind of a conjunction: lengths, patterns and formats, intersected.
  func stringLanguage(_ c: Conjunction) throws(CompileError) -> (Term, Fidelity) {
    var minL = 0
    var maxL: Int? = nil
    var terms: [Term] = []
    var lengthBounds: [(min: Int, max: Int?)] = []
    var fidelity = Fidelity.exact
    for (n, o, d) in c.objects {
      if let v = try count(n, o, "minLength") { minL = max(minL, v) }
      if let v = try count(n, o, "maxLength") { maxL = min(maxL ?? Int.max, v) }
      if let v = o["pattern"] {
        guard case .string(let p) = v else { throw invalid(n, "pattern", "must be a string") }
        if let t = try patternBody(p, node: n, keyword: "pattern") {
          terms.append(t)
          if let b = patternLengths[p] { lengthBounds.append(b) }
        }
      }
      if let v = o["format"], options.assertFormat {
        guard case .string(let name) = v else { throw invalid(n, "format", "must be a string") }
        if let (t, approx) = try formatBody(name, dialect: d, node: n) {
          terms.append(t)
          if let b = formatLengths[name] { lengthBounds.append(b) }
          if let approx {
            fidelity = .incomplete
            approximated(n, "format", approx)
          }
        } else {
          report.set(doc[n].pointer, "format", .ignored("unknown format \"\(name)\" (no assertion)"))
        }
      }
    }
    let limit = Int(Int32.max)
    if minL > limit { return (store.empty, fidelity) }
    if let maxL, maxL < minL { return (store.empty, fidelity) }
    let upper = (maxL ?? limit + 1) > limit ? nil : maxL
    if minL > 0 || upper != nil {
      // Skip the length term when every other constraint already implies it.
      let implied = !terms.isEmpty && lengthBounds.contains { b in b.min >= minL && (upper.map { u in b.max.map { $0 <= u } ?? false } ?? true) }
      if !implied { terms.append(store.repeat(lex.strings.anyCharacter, min: minL, max: upper)) }
    }
    if terms.isEmpty { return (lex.strings.anyString, fidelity) }
    return (lex.strings.quoted(terms.count == 1 ? terms[0] : scalarBoolean("string", store.intersection(terms))), fidelity)
  }

  /// The body language (JSON-encoded, search semantics) of a `pattern`; nil when the
  /// keyword is dropped in lenient mode.
  func patternBody(_ pattern: String, node: NodeID, keyword: String) throws(CompileError) -> Term? {
    if let t = patternMemo[pattern] { return t }
    do {
      let ast = try RegexParser.parse(pattern)
      let enc = lex.strings
      let t = try lowerRegex(ast, mode: .search, store: store, leaf: { enc.character($0) })
      patternMemo[pattern] = t
      patternLengths[pattern] = RegexLength.searchBounds(ast)
      return t
    } catch {
      switch error.kind {
      case .syntax:
        throw CompileError(
          pointer: doc[node].pointer, keyword: keyword,
          message: "invalid regular expression \(JSONSerializer.quote(pattern)): \(error)",
          kind: .invalidSchema)
      case .notRegular, .limit:
        try unsupported(node, keyword, "pattern \(JSONSerializer.quote(pattern)): \(error)")
        return nil
      }
    }
  }

  /// The body language of a known `format`, with the approximation it makes; nil for
  /// formats without a grammar (unknown to the validator: annotations).
  func formatBody(_ name: String, dialect: SchemaDialectName, node: NodeID) throws(CompileError)
    -> (Term, String?)?
  {
    let key = name + "\u{0}" + dialect.rawValue
    if let t = formatMemo[key] { return t }
    guard let g = Formats.grammar(name, dialect: dialect) else { return nil }
    var parts: [Term] = []
    let enc = lex.strings
    var total: (min: Int, max: Int?) = (0, 0)
    for (pattern, maxLength) in g.parts {
      let t: Term
      do {
        let ast = try RegexParser.parse(pattern)
        let b = RegexLength.bounds(ast)
        total = (total.min + b.min, total.max.flatMap { x in b.max.map { x + $0 } })
        t = try lowerRegex(ast, mode: .fullMatch, store: store, leaf: { enc.character($0) })
      } catch {
        throw CompileError(
          pointer: doc[node].pointer, keyword: "format",
          message: "internal error: the grammar of format \(name) does not compile: \(error)", kind: .limit)
      }
      if let maxLength {
        parts.append(scalarBoolean("format", store.intersection([t, store.repeat(enc.anyCharacter, min: 0, max: maxLength)])))
      } else {
        parts.append(t)
      }
    }
    let result = (store.concat(parts), g.approximation)
    formatMemo[key] = result
    formatLengths[name] = total
    return result
  }
}
