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
      // Each branch with the negations of the others, as merged conjunctions.
      // Scalar-only branches: the complement is exact there (no depth bound to avoid).
      var scalarOnly = true
      for b in nodes {
        let k = try summary(b).kinds
        if k.contains(.object) || k.contains(.array) { scalarOnly = false }
      }
      if scalarOnly { return try exactlyOne(branches, at: loc) }
      if let alternatives = try exactlyOneAlternatives(nodes) {
        var parts: [ValueLanguage] = []
        for a in alternatives { parts.append(try lower(a, at: loc, depth: depth)) }
        return union(parts)
      }
      if let v = try exactlyOneByNegations(nodes, branches, at: loc, depth: depth) { return v }
      return try exactlyOne(branches, at: loc)
    case "not":
      guard let b = doc.child(n, "not") else { return freeForm }
      if let disjuncts = try negation(of: b) {
        var parts: [ValueLanguage] = []
        for d in disjuncts { parts.append(try lower([d], at: loc, depth: depth)) }
        return union(parts)
      }
      return try complement(try lower([b], at: loc, depth: depth), at: loc)
    case "$strait-not":
      guard case .string(let s)? = o[keyword], let raw = Int32(s) else { return freeForm }
      return try complement(try lower([NodeID(raw: raw)], at: loc, depth: depth), at: loc)
    case "if":
      guard let i = doc.child(n, "if") else { return freeForm }
      if let alternatives = try conditionalAlternatives(n) {
        if alternatives.isEmpty { return freeForm }
        var parts: [ValueLanguage] = []
        for a in alternatives { parts.append(try lower(a, at: loc, depth: depth)) }
        return union(parts)
      }
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

  /// The most merged conjunctions one `oneOf` or `if` is split into (beyond it the
  /// complement of lowered languages is used).
  static let maxAlternatives = 32

  /// `oneOf` as a union of conjunctions: each branch with one disjunct of the negation of
  /// every other branch it is not provably disjoint from. Nil when a negation is not
  /// available or there would be more than ``maxAlternatives`` conjunctions.
  func exactlyOneAlternatives(_ branches: [NodeID], context: BranchSummary? = nil) throws(CompileError)
    -> [[NodeID]]?
  {
    guard branches.count <= 16 else { return nil }
    var summaries = try branches.map { (b) throws(CompileError) in try summary(b) }
    if let context { summaries = summaries.map { meet($0, context) } }
    var out: [[NodeID]] = []
    for (i, b) in branches.enumerated() {
      var product: [[NodeID]] = [[b]]
      for (j, other) in branches.enumerated() where j != i {
        if disjoint(summaries[i], summaries[j]) { continue }
        guard let neg = try negation(of: other) else { return nil }
        // Disjuncts that contradict the branch outright contribute nothing.
        var useful: [NodeID] = []
        for d in neg where !disjoint(summaries[i], try summary(d)) { useful.append(d) }
        product = product.flatMap { p in useful.map { p + [$0] } }
        if product.count + out.count > Self.maxAlternatives { return nil }
      }
      out += product
    }
    return out
  }

  /// `oneOf` as `⋃ᵢ (Bᵢ ∩ ⋂ⱼ ¬Bⱼ)` with each `¬Bⱼ` the union of its negation's lowered
  /// disjuncts (when the product of ``exactlyOneAlternatives(_:)`` is too large): the
  /// intersections are of terms, but no complement of a lowered language is taken, so a
  /// recursive branch does not bound the others' depth. Nil when a negation is missing.
  func exactlyOneByNegations(
    _ nodes: [NodeID], _ branches: [ValueLanguage], at loc: LocationID, depth: Int
  ) throws(CompileError) -> ValueLanguage? {
    guard nodes.count <= 16 else { return nil }
    let summaries = try nodes.map { (b) throws(CompileError) in try summary(b) }
    var negations: [ValueLanguage?] = Array(repeating: nil, count: nodes.count)
    var parts: [ValueLanguage] = []
    for i in nodes.indices {
      var v = branches[i]
      for j in nodes.indices where j != i && !disjoint(summaries[i], summaries[j]) {
        if negations[j] == nil {
          guard let neg = try negation(of: nodes[j]) else { return nil }
          var ds: [ValueLanguage] = []
          for d in neg { ds.append(try lower([d], at: loc, depth: depth)) }
          negations[j] = union(ds)
        }
        if let n = negations[j] { v = intersect(v, n) }
        if v.isEmpty(in: store) && v.overallFidelity.isExact { break }
      }
      parts.append(v)
    }
    return union(parts)
  }

  /// A dependent schema (`dependentSchemas/NAME`, schema-valued `dependencies/NAME`) as a
  /// union of conjunctions: objects without `NAME`, or with it and valid against the
  /// dependent schema (non-objects satisfy the first).
  func dependencyAlternatives(_ n: NodeID, _ keyword: String) -> [[NodeID]]? {
    let slash = keyword.firstIndex(of: "/") ?? keyword.endIndex
    let container = String(keyword[..<slash])
    let name = String(keyword[keyword.index(after: slash)...])
    guard let d = doc.child(n, container, name) else { return nil }
    let memoKey = doc[n].pointer + "\u{0}" + keyword
    if let (absent, present) = dependencyMemo[memoKey] { return [[absent], [present, d]] }
    let absent = doc.makeSchema(.object(["properties": .object([name: .bool(false)])]), like: n)
    let present = doc.makeSchema(.object(["required": .array([.string(name)])]), like: n)
    dependencyMemo[memoKey] = (absent, present)
    return [[absent], [present, d]]
  }

  /// `if`/`then`/`else` as a union of conjunctions: `(if ∧ then) ∨ (¬if ∧ else)`, with
  /// `¬if` as the disjuncts of its negation. Nil when that negation is not available.
  func conditionalAlternatives(_ n: NodeID) throws(CompileError) -> [[NodeID]]? {
    guard let o = doc[n].object, let cond = doc.child(n, "if") else { return nil }
    let thenNode = o["then"] != nil ? doc.child(n, "then") : nil
    let elseNode = o["else"] != nil ? doc.child(n, "else") : nil
    if thenNode == nil && elseNode == nil { return [] }
    guard let neg = try negation(of: cond), neg.count + 1 <= Self.maxAlternatives else { return nil }
    var out: [[NodeID]] = [[cond] + (thenNode.map { [$0] } ?? [])]
    for d in neg { out.append([d] + (elseNode.map { [$0] } ?? [])) }
    return out
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
