import StraitAutomata
import StraitJSON

extension Lowerer {
  // MARK: Numbers

  /// The number kind of a conjunction: the canonical number grammar restricted by
  /// `type: integer`, the bounds and `multipleOf`.
  func numberLanguage(_ c: Conjunction, integral: Bool, plainIntegerOnly: Bool) throws(CompileError)
    -> (Term, Fidelity)
  {
    let nums = lex.numbers
    var fidelity = Fidelity.exact
    var terms: [Term] = []
    if plainIntegerOnly {
      terms.append(nums.plainInteger)
    } else if integral {
      terms.append(nums.multipleOfPowerOfTen(scale: 0))
    }
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
        let (t, exact) = try multipleOf(num, node: n)
        terms.append(t)
        if !exact {
          fidelity = .incomplete
          approximated(n, "multipleOf", "numbers in exponent notation are not accepted")
        }
      }
    }
    for (bound, isLower) in [(lower, true), (upper, false)] {
      guard let bound else { continue }
      guard let parts = DecimalParts(bound.value.decimal) else {
        throw CompileError(
          pointer: doc[c.members[0]].pointer, keyword: isLower ? "minimum" : "maximum",
          message: "the bound \(bound.value) has too many digits", kind: .unsupported)
      }
      let op: NumberComparison =
        isLower
        ? (bound.exclusive ? .greater : .greaterOrEqual)
        : (bound.exclusive ? .less : .lessOrEqual)
      terms.append(nums.compare(op, parts))
    }
    if terms.isEmpty { return (nums.any, fidelity) }
    return (store.intersection(terms), fidelity)
  }

  /// Literals that are multiples of `m`; `exact` is false when scientific notation had to
  /// be left out.
  func multipleOf(_ m: JSONNumber, node: NodeID) throws(CompileError) -> (Term, exact: Bool) {
    let d = m.decimal
    // m = digits × 10^exponent; strip the power of ten into the scale.
    guard d.digits.count <= 18, abs(d.exponent) <= 10_000 else {
      try unsupported(node, "multipleOf", "multipleOf \(m) has too many digits")
      return (lex.numbers.any, true)
    }
    var p = 0
    for digit in d.digits { p = p * 10 + Int(digit) }
    let scale = -d.exponent
    if p == 1 { return (lex.numbers.multipleOfPowerOfTen(scale: scale), true) }
    // p > 1: a residue counter over plain literals, scaled so the counter sees integers.
    var modulus = p
    var s = scale
    if s < 0 {
      for _ in 0..<(-s) {
        modulus = modulus.multipliedReportingOverflow(by: 10).overflow ? Int.max : modulus * 10
      }
      s = 0
    }
    guard modulus <= 100_000, modulus * (s + 3) <= 400_000 else {
      try unsupported(node, "multipleOf", "multipleOf \(m) needs a residue counter that is too large")
      return (lex.numbers.any, true)
    }
    let dfa = lex.numbers.plainMultipleAutomaton(p: modulus, scale: s).minimized()
    guard dfa.stateCount <= options.maxMultipleOfStates else {
      try unsupported(
        node, "multipleOf",
        "multipleOf \(m) needs a residue counter of \(dfa.stateCount) states (the limit, "
          + "maxMultipleOfStates, is \(options.maxMultipleOfStates))")
      return (lex.numbers.any, true)
    }
    return (dfa.term(in: store), false)
  }

  // MARK: Strings

  /// The string kind of a conjunction: lengths, patterns and formats, intersected.
  func stringLanguage(_ c: Conjunction) throws(CompileError) -> (Term, Fidelity) {
    var minL = 0
    var maxL: Int? = nil
    var terms: [Term] = []
    var fidelity = Fidelity.exact
    for (n, o, d) in c.objects {
      if let v = try count(n, o, "minLength") { minL = max(minL, v) }
      if let v = try count(n, o, "maxLength") { maxL = min(maxL ?? Int.max, v) }
      if let v = o["pattern"] {
        guard case .string(let p) = v else { throw invalid(n, "pattern", "must be a string") }
        if let t = try patternBody(p, node: n, keyword: "pattern") { terms.append(t) }
      }
      if let v = o["format"], options.assertFormat {
        guard case .string(let name) = v else { throw invalid(n, "format", "must be a string") }
        if let (t, approx) = try formatBody(name, dialect: d, node: n) {
          terms.append(t)
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
    if minL > limit {
      return (store.empty, fidelity)
    }
    let length =
      (minL == 0 && (maxL ?? limit + 1) > limit)
      ? lex.strings.anyBody
      : store.repeat(lex.strings.anyCharacter, min: minL, max: (maxL ?? limit + 1) > limit ? nil : maxL)
    if let maxL, maxL < minL { return (store.empty, fidelity) }
    terms.append(length)
    return (lex.strings.quoted(store.intersection(terms)), fidelity)
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
    for (pattern, maxLength) in g.parts {
      let t: Term
      do {
        t = try lowerRegex(RegexParser.parse(pattern), mode: .fullMatch, store: store, leaf: { enc.character($0) })
      } catch {
        throw CompileError(
          pointer: doc[node].pointer, keyword: "format",
          message: "internal error: the grammar of format \(name) does not compile: \(error)", kind: .limit)
      }
      if let maxLength {
        parts.append(store.intersection([t, store.repeat(enc.anyCharacter, min: 0, max: maxLength)]))
      } else {
        parts.append(t)
      }
    }
    let result = (store.concat(parts), g.approximation)
    formatMemo[key] = result
    return result
  }
}
