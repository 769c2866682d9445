import StraitAutomata
import StraitJSON

extension Lowerer {
  /// The language of `enum`/`const` values at `loc`, compared as JSON values: every
  /// spelling of an equal number (`1`, `1.0`, `1e0`), every encoding of a string, object
  /// members in the location's canonical order.
  func valuesLanguage(_ values: [JSONValue], at loc: LocationID, depth: Int) throws(CompileError) -> ValueLanguage {
    var byKind: [JSONKind: [Term]] = [:]
    var fidelity: [JSONKind: Fidelity] = [:]
    for v in values {
      let (k, t, f) = try valueTerm(v, at: loc, depth: depth)
      byKind[k, default: []].append(t)
      fidelity[k] = (fidelity[k] ?? .exact).meet(f)
    }
    var r = ValueLanguage(empty: store)
    for (k, ts) in byKind {
      r[k] = store.union(ts)
      r.setFidelity(k, fidelity[k] ?? .exact)
    }
    return r
  }

  /// The language of one JSON value.
  func valueTerm(_ v: JSONValue, at loc: LocationID, depth: Int) throws(CompileError) -> (JSONKind, Term, Fidelity) {
    switch v {
    case .null: return (.null, lex.null, .exact)
    case .bool(let b): return (.boolean, store.literal(b ? "true" : "false"), .exact)
    case .number(let n):
      guard let parts = DecimalParts(n.decimal) else {
        throw CompileError(
          pointer: "", keyword: "enum", message: "the number \(n) has too many digits", kind: .unsupported)
      }
      return (.number, lex.numbers.equal(parts), .exact)
    case .string(let s): return (.string, lex.strings.literal(s), .exact)
    case .array(let items):
      if items.isEmpty { return (.array, lex.emptyArray, .exact) }
      let itemsLoc = try locations.itemsChild(loc)
      var terms: [Term] = []
      var f = Fidelity.exact
      for (i, item) in items.enumerated() {
        let (_, t, fi) = try valueTerm(item, at: itemsLoc, depth: depth + 1)
        f = f.meet(fi.nested)
        if i > 0 { terms.append(lex.comma) }
        terms.append(t)
      }
      return (.array, lex.nonEmptyArray(body: store.concat(terms)), f)
    case .object(let members):
      if members.isEmpty { return (.object, lex.emptyObject, .exact) }
      let index = locations[loc].keyIndex
      var f = Fidelity.exact
      var inOrder: [(Int, Term)] = []
      var others: [Term] = []
      for (key, value) in members {
        let (_, t, fi) = try valueTerm(value, at: try locations.child(loc, key: key), depth: depth + 1)
        f = f.meet(fi.nested)
        let m = lex.member(key: lex.strings.literal(key), value: t)
        if let i = index[key] { inOrder.append((i, m)) } else { others.append(m) }
      }
      inOrder.sort { $0.0 < $1.0 }
      var head: [Term] = []
      for (i, (_, m)) in inOrder.enumerated() {
        if i > 0 { head.append(lex.comma) }
        head.append(m)
      }
      // Members outside the canonical keys may come in any order: all permutations
      // (as subsets), or the written order beyond a few of them.
      var tail = store.epsilon
      if !others.isEmpty {
        if others.count <= 6 {
          tail = permutations(others, leadingComma: !head.isEmpty)
        } else {
          tail = store.concat(others.enumerated().flatMap { (i, m) in
            (i > 0 || !head.isEmpty) ? [lex.comma, m] : [m]
          })
          f = f.meet(Fidelity(complete: 0, sound: true))
        }
      }
      return (.object, lex.nonEmptyArrayLike(open: lex.openBrace, body: store.concat(head + [tail]), close: lex.closeBrace), f)
    }
  }

  /// Every ordering of `members`, each preceded by a comma (the first only if
  /// `leadingComma`), built over subsets: O(2^n) terms.
  func permutations(_ members: [Term], leadingComma: Bool) -> Term {
    let n = members.count
    var memo: [Int: Term] = [(1 << n) - 1: store.epsilon]
    for mask in stride(from: (1 << n) - 2, through: 0, by: -1) {
      var parts: [Term] = []
      for i in 0..<n where mask & (1 << i) == 0 {
        let sep = (mask == 0 && !leadingComma) ? store.epsilon : lex.comma
        parts.append(store.concat([sep, members[i], memo[mask | (1 << i)] ?? store.empty]))
      }
      memo[mask] = store.union(parts)
    }
    return memo[0] ?? store.empty
  }
}
