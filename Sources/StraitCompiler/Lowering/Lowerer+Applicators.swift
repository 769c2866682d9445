import StraitAutomata
import StraitJSON

extension Lowerer {
  /// The language of one in-place applicator other than `allOf`/`$ref` (which are merged
  /// into the conjunction): `anyOf`, `oneOf`, `not`, `if`/`then`/`else`,
  /// `dependentSchemas` and schema-valued `dependencies`.
  func lowerApplicator(_ n: NodeID, _ keyword: String, at loc: LocationID, depth: Int) throws(CompileError)
    -> ValueLanguage
  {
    guard let o = doc[n].object else { return freeForm }
    switch keyword {
    case "anyOf", "oneOf":
      guard case .array(let items)? = o[keyword], !items.isEmpty else {
        throw invalid(n, keyword, "must be a non-empty array of schemas")
      }
      var branches: [ValueLanguage] = []
      let nodes = items.indices.compactMap { doc.child(n, keyword, String($0)) }
      for b in nodes { branches.append(try lower([b], at: loc, depth: depth)) }
      if keyword == "anyOf" { return union(branches) }
      // Pairwise disjoint branches: "exactly one" is "at least one".
      if try pairwiseDisjoint(nodes) { return union(branches) }
      return try exactlyOne(branches, at: loc)
    case "not":
      guard let b = doc.child(n, "not") else { return freeForm }
      return try complement(try lower([b], at: loc, depth: depth), at: loc)
    case "if":
      guard let i = doc.child(n, "if") else { return freeForm }
      let cond = try lower([i], at: loc, depth: depth)
      let thenV = try doc.child(n, "then").map { (t) throws(CompileError) in try lower([t], at: loc, depth: depth) }
      let elseV = try doc.child(n, "else").map { (e) throws(CompileError) in try lower([e], at: loc, depth: depth) }
      switch (thenV, elseV) {
      case (nil, nil): return freeForm
      case (nil, let e?):
        // (if ∧ true) ∨ (¬if ∧ else) = if ∨ else.
        return union([cond, e])
      case (let t?, nil):
        return union([intersect(cond, t), try complement(cond, at: loc)])
      case (let t?, let e?):
        return union([intersect(cond, t), intersect(try complement(cond, at: loc), e)])
      }
    case let k where k.hasPrefix("dependentSchemas/") || k.hasPrefix("dependencies/"):
      // Objects without the member, or with it and valid against the dependent schema.
      let slash = k.firstIndex(of: "/") ?? k.endIndex
      let container = String(k[..<slash])
      let name = String(k[k.index(after: slash)...])
      guard let d = doc.child(n, container, name) else { return freeForm }
      let dv = try lower([d], at: loc, depth: depth)
      let (absent, fa) = try presence(of: name, present: false, at: loc, depth: depth)
      let (present, fp) = try presence(of: name, present: true, at: loc, depth: depth)
      var v = freeForm
      v[.object] = store.union([absent, bool(container, store.intersection([present, dv[.object]]))])
      v.setFidelity(.object, fa.meet(fp).meet(dv.fidelity(.object)))
      return v
    default:
      return freeForm
    }
  }

  /// Objects at `loc` (free-form members) that have, or lack, the member `name`.
  func presence(of name: String, present: Bool, at loc: LocationID, depth: Int) throws(CompileError)
    -> (Term, Fidelity)
  {
    let keys = locations[loc].keys
    var shape = ObjectShape(additional: store.empty)
    let value = freeForm.union(in: store)
    for key in keys {
      var member = lex.member(key: lex.strings.literal(key), value: value)
      var required = false
      if key == name {
        if present { required = true } else { member = store.empty }
      }
      shape.slots.append(ObjectShape.Slot(member: member, required: required))
    }
    shape.additional = lex.member(key: keyUniverse(loc), value: value)
    return (objectTerm(shape), freeForm.overallFidelity.nested)
  }

  /// `oneOf`: values valid against exactly one branch, kind by kind.
  func exactlyOne(_ branches: [ValueLanguage], at loc: LocationID) throws(CompileError) -> ValueLanguage {
    var r = ValueLanguage(empty: store)
    for k in JSONKind.allCases {
      let live = branches.indices.filter { !(branches[$0][k] == store.empty && branches[$0].fidelity(k).isExact) }
      if live.count <= 1 {
        if let i = live.first {
          r[k] = branches[i][k]
          r.setFidelity(k, branches[i].fidelity(k))
        }
        continue
      }
      // Each branch minus the union of the others, within the universe the branches are
      // complete for.
      var f = Fidelity.exact
      for i in live { f = f.meet(branches[i].fidelity(k)) }
      let u = min(options.maxNestingDepth, f.complete)
      if u < 0 && (k == .array || k == .object) || f.complete < 0 {
        r[k] = store.empty
        r.setFidelity(k, .incomplete)
        continue
      }
      let universe = try self.universe(at: loc, depth: max(u, 0))[k]
      let scalar = k != .array && k != .object
      var parts: [Term] = []
      for i in live {
        let others = store.union(live.filter { $0 != i }.map { branches[$0][k] })
        let part = store.intersection([branches[i][k], universe, store.complement(others)])
        parts.append(scalar ? scalarBoolean("oneOf", part) : bool("oneOf", part))
      }
      r[k] = store.union(parts)
      r.setFidelity(k, Fidelity(complete: f.sound ? (scalar ? Fidelity.unbounded : u) : -1, sound: f.sound))
    }
    return r
  }

  /// The complement of `v` among the values at `loc`, kind by kind, within the universe of
  /// values nested no deeper than `v` is complete for (and `maxNestingDepth`).
  func complement(_ v: ValueLanguage, at loc: LocationID) throws(CompileError) -> ValueLanguage {
    var r = ValueLanguage(empty: store)
    for k in JSONKind.allCases {
      let f = v.fidelity(k)
      let scalar = k != .array && k != .object
      if f.complete < 0 {
        r[k] = store.empty
        r.setFidelity(k, .incomplete)
        continue
      }
      let u = min(options.maxNestingDepth, f.complete)
      let universe = try self.universe(at: loc, depth: u)[k]
      if v[k] == store.empty {
        r[k] = universe
      } else if v[k] == universe || (isUniversal(v[k], k) && (scalar || f.complete >= u)) {
        r[k] = store.empty
      } else {
        r[k] = scalar ? scalarBoolean("not", store.difference(universe, v[k])) : bool("not", store.difference(universe, v[k]))
      }
      r.setFidelity(k, Fidelity(complete: f.sound ? (scalar ? Fidelity.unbounded : u) : -1, sound: true))
    }
    return r
  }

  /// Every value at `loc` in canonical member order, nested at most `depth` levels.
  func universe(at loc: LocationID, depth: Int) throws(CompileError) -> ValueLanguage {
    let key = UniverseKey(location: loc, depth: depth)
    if let u = universeMemo[key] { return u }
    var u = ValueLanguage(empty: store)
    u[.null] = lex.null
    u[.boolean] = lex.boolean
    u[.number] = lex.numbers.any
    u[.string] = lex.strings.anyString
    if depth >= 1 {
      let items = try universe(at: try locations.itemsChild(loc), depth: depth - 1).union(in: store)
      u[.array] = lex.array(body: store.concat([items, store.star(store.concat([lex.comma, items]))]))
      let keys = locations[loc].keys
      var shape = ObjectShape(additional: store.empty)
      for key in keys {
        let value = try universe(at: try locations.child(loc, key: key), depth: depth - 1).union(in: store)
        shape.slots.append(
          ObjectShape.Slot(member: lex.member(key: lex.strings.literal(key), value: value), required: false))
      }
      let keyUniverse = self.keyUniverse(loc)
      let addValue = try universe(at: try locations.additionalChild(loc), depth: depth - 1).union(in: store)
      shape.additional = lex.member(key: keyUniverse, value: addValue)
      u[.object] = objectTerm(shape)
    }
    universeMemo[key] = u
    return u
  }
}
