/// The most copies of a sub-pattern holding `^` or `$` that a counted repeat may expand to.
let maxAnchoredRepeatExpansion = 100

/// Lowers a regex syntax tree to a term.
///
/// Character sets become terms through `leaf`; everything else — concatenation,
/// alternation, repetition, the anchors and the search semantics — is handled here, so a
/// caller with its own leaf (for example JSON-escaped string bodies) gets exactly the
/// ECMA-262 language over its encoding.
///
/// Anchors are zero-width assertions about the whole input. Each sub-pattern holding one is
/// lowered to four terms, one per context (the match starts at the input start or not, ends
/// at the input end or not), and contexts are combined through concatenation, alternation
/// and repetition; sub-patterns without anchors stay one term. In ``RegexMatchMode/search``
/// mode the result is `A*·r·A*`, with `A = leaf(.any)`, split by context when `r` has anchors.
///
/// - Parameters:
///   - node: the parsed pattern.
///   - mode: search (JSON Schema `pattern`) or full match.
///   - store: the store to build terms in.
///   - leaf: the term for one code point of a set (``TermStore/codePoints(_:)`` for plain
///     UTF-8).
/// - Returns: the term of the language.
/// - Throws: ``RegexParseError`` of kind ``RegexParseError/Kind/limit`` when a counted
///   repeat of a sub-pattern with anchors would expand beyond 100 copies.
/// - Complexity: O(size of the tree) terms, times the repeat count for anchored repeats.
public func lowerRegex(
  _ node: RegexNode, mode: RegexMatchMode, store: TermStore, leaf: (CodePointSet) -> Term
) throws(RegexParseError) -> Term {
  let l = try withoutActuallyEscaping(leaf) { (leaf) throws(RegexParseError) -> LoweredRegex in
    try RegexLowerer(store: store, leaf: leaf).lower(node)
  }
  switch mode {
  case .fullMatch:
    return l.term(atStart: true, atEnd: true)
  case .search:
    let anyStar = store.star(leaf(.any))
    switch l {
    case .plain(let t):
      return store.concat([anyStar, t, anyStar])
    case .anchored:
      return store.union([
        store.concat([anyStar, l.term(atStart: false, atEnd: false), anyStar]),
        store.concat([l.term(atStart: true, atEnd: false), anyStar]),
        store.concat([anyStar, l.term(atStart: false, atEnd: true)]),
        l.term(atStart: true, atEnd: true),
      ])
    }
  }
}

/// Parses `pattern` and lowers it with plain UTF-8 leaves.
///
/// - Parameters:
///   - pattern: an ECMA-262 regular expression (JSON Schema `pattern` dialect).
///   - mode: search (JSON Schema semantics) or full match.
///   - store: the store to build terms in.
/// - Returns: the term of the set of UTF-8 byte strings the pattern matches.
/// - Throws: ``RegexParseError`` for malformed, non-regular or over-limit patterns.
public func compileRegex(
  _ pattern: String, mode: RegexMatchMode, store: TermStore
) throws(RegexParseError) -> Term {
  let node = try RegexParser.parse(pattern)
  return try lowerRegex(node, mode: mode, store: store, leaf: { store.codePoints($0) })
}

/// A lowered sub-pattern: one term, or four terms indexed by context when it holds anchors.
enum LoweredRegex {
  case plain(Term)
  /// Index `(atStart ? 2 : 0) + (atEnd ? 1 : 0)`.
  case anchored([Term])

  func term(atStart: Bool, atEnd: Bool) -> Term {
    switch self {
    case .plain(let t): return t
    case .anchored(let ts): return ts[(atStart ? 2 : 0) + (atEnd ? 1 : 0)]
    }
  }

  static let contexts: [(Bool, Bool)] = [(false, false), (false, true), (true, false), (true, true)]
}

struct RegexLowerer {
  let store: TermStore
  let leaf: (CodePointSet) -> Term

  func lower(_ node: RegexNode) throws(RegexParseError) -> LoweredRegex {
    switch node {
    case .empty:
      return .plain(store.epsilon)
    case .charSet(let set):
      return .plain(leaf(set))
    case .group(let inner):
      return try lower(inner)
    case .startAnchor:
      return .anchored([store.empty, store.empty, store.epsilon, store.epsilon])
    case .endAnchor:
      return .anchored([store.empty, store.epsilon, store.empty, store.epsilon])
    case .alternation(let branches):
      var parts: [LoweredRegex] = []
      for b in branches { parts.append(try lower(b)) }
      return collapse(
        LoweredRegex.contexts.map { (a, e) in
          store.union(parts.map { $0.term(atStart: a, atEnd: e) })
        })
    case .concat(let items):
      var acc = LoweredRegex.plain(store.epsilon)
      var plainRun: [Term] = []
      for item in items {
        let l = try lower(item)
        if case .plain(let t) = l {
          plainRun.append(t)
          continue
        }
        if !plainRun.isEmpty {
          acc = combine(acc, .plain(store.concat(plainRun)))
          plainRun = []
        }
        acc = combine(acc, l)
      }
      if !plainRun.isEmpty { acc = combine(acc, .plain(store.concat(plainRun))) }
      return acc
    case .repeat(let inner, let lo, let hi):
      let l = try lower(inner)
      if case .plain(let t) = l {
        return .plain(store.repeat(t, min: lo, max: hi))
      }
      return try anchoredRepeat(l, min: lo, max: hi)
    }
  }

  /// Four context terms, or one when they are all the same.
  func collapse(_ ts: [Term]) -> LoweredRegex {
    ts.allSatisfy({ $0 == ts[0] }) ? .plain(ts[0]) : .anchored(ts)
  }

  /// `x·y` by context. The split point between the two parts decides their contexts:
  /// before it the input is non-empty unless `x` matched ε at the start, and so on. The
  /// formula over-approximates some cases with stricter contexts, which is sound because
  /// each context's language grows with `atStart`/`atEnd` (anchors only pass more often).
  func combine(_ x: LoweredRegex, _ y: LoweredRegex) -> LoweredRegex {
    if case .plain(let a) = x, case .plain(let b) = y { return .plain(store.concat([a, b])) }
    return collapse(
      LoweredRegex.contexts.map { (a, e) in
        let xaF = x.term(atStart: a, atEnd: false)
        let yFe = y.term(atStart: false, atEnd: e)
        let xae = x.term(atStart: a, atEnd: e)
        let yae = y.term(atStart: a, atEnd: e)
        var parts = [store.concat([xaF, yFe])]  // both non-empty
        if store.isNullable(xaF) { parts.append(yae) }  // x matched ε
        if store.isNullable(yFe) { parts.append(xae) }  // y matched ε
        if store.isNullable(xae), store.isNullable(yae) { parts.append(store.epsilon) }
        return store.union(parts)
      })
  }

  /// `x{min,max}` for `x` with anchors: `x*` by its first, middle and last non-empty
  /// iterations; counted repeats by expansion (bounded).
  func anchoredRepeat(_ x: LoweredRegex, min lo: Int, max hi: Int?) throws(RegexParseError)
    -> LoweredRegex
  {
    let copies = hi ?? lo
    if copies > maxAnchoredRepeatExpansion {
      throw RegexParseError(
        offset: 0,
        message: "a repeated group holding '^' or '$' may repeat at most "
          + "\(maxAnchoredRepeatExpansion) times",
        kind: .limit)
    }
    var acc = LoweredRegex.plain(store.epsilon)
    for _ in 0..<lo { acc = combine(acc, x) }
    if let hi {
      let optional = collapse(
        LoweredRegex.contexts.map { (a, e) in
          store.union([x.term(atStart: a, atEnd: e), store.epsilon])
        })
      for _ in lo..<hi { acc = combine(acc, optional) }
    } else {
      let middle = store.star(x.term(atStart: false, atEnd: false))
      let star = collapse(
        LoweredRegex.contexts.map { (a, e) in
          store.union([
            store.epsilon,
            x.term(atStart: a, atEnd: e),
            store.concat([x.term(atStart: a, atEnd: false), middle, x.term(atStart: false, atEnd: e)]),
          ])
        })
      acc = combine(acc, star)
    }
    return acc
  }
}
