import StraitAutomata
import StraitJSON

extension Lowerer {
  /// The array kind of a conjunction at `loc`.
  func arrayLanguage(_ c: Conjunction, at loc: LocationID, depth: Int) throws(CompileError) -> (Term, Fidelity) {
    struct Member {
      var id: NodeID
      var prefix: [NodeID] = []
      var rest: NodeID?
      var contains: NodeID?
      var unevaluated: NodeID?
      var hasUnevaluatedKeyword = false
      var dialect: SchemaDialectName
    }
    var members: [Member] = []
    var minItems = 0
    var maxItems: Int? = nil
    var contains: [(node: NodeID, min: Int, max: Int?)] = []
    var unique: [NodeID] = []
    for (n, o, d) in c.objects {
      var m = Member(id: n, dialect: d)
      if d == .draft2020_12, let v = o["prefixItems"] {
        guard case .array(let items) = v else { throw invalid(n, "prefixItems", "must be an array of schemas") }
        m.prefix = items.indices.compactMap { doc.child(n, "prefixItems", String($0)) }
      }
      if let v = o["items"] {
        switch v {
        case .array(let items):
          m.prefix = items.indices.compactMap { doc.child(n, "items", String($0)) }
          if o["additionalItems"] != nil { m.rest = doc.child(n, "additionalItems") }
        case .object, .bool:
          m.rest = doc.child(n, "items")
        default:
          throw invalid(n, "items", "must be a schema or an array of schemas")
        }
      }
      if d >= .draft6, o["contains"] != nil { m.contains = doc.child(n, "contains") }
      if d >= .draft2019_09, let v = o["unevaluatedItems"] {
        m.hasUnevaluatedKeyword = true
        if v != .bool(true) && v != .object([:]) { m.unevaluated = doc.child(n, "unevaluatedItems") }
      }
      members.append(m)
      if let v = try count(n, o, "minItems") { minItems = max(minItems, v) }
      if let v = try count(n, o, "maxItems") { maxItems = min(maxItems ?? Int.max, v) }
      if d >= .draft6, o["contains"] != nil, let cn = doc.child(n, "contains") {
        var lo = 1
        var hi: Int? = nil
        if d >= .draft2019_09 {
          if let v = try count(n, o, "minContains") { lo = v }
          hi = try count(n, o, "maxContains")
        }
        if lo > 0 || hi != nil { contains.append((cn, lo, hi)) }
      }
      if case .bool(true)? = o["uniqueItems"] { unique.append(n) }
    }
    let itemsLoc = try locations.itemsChild(loc)
    var fidelity = Fidelity.exact
    let p = members.map(\.prefix.count).max() ?? 0
    if let maxI = maxItems, maxI > 1_000_000_000 { maxItems = nil }
    if minItems > 100_000 {
      throw CompileError(
        pointer: doc[c.members[0]].pointer, keyword: "minItems", message: "minItems \(minItems) is too large",
        kind: .unsupported)
    }

    // uniqueItems: trivially true for at most one item; otherwise not regular.
    if !unique.isEmpty && (maxItems ?? Int.max) > 1 {
      for n in unique {
        try unsupported(
          n, "uniqueItems",
          "uniqueItems is not a regular constraint (it needs maxItems <= 1 to be enforceable)")
      }
      fidelity.sound = false
    }

    // unevaluatedItems: per owner, the members it reaches in place decide which items are
    // evaluated (a prefix, everything with `items`, the items matching `contains` in
    // 2020-12); the others get the owner's schema. Applicators were distributed first.
    var unevaluated: [(schema: NodeID, from: Int, contains: [NodeID])] = []
    for m in members {
      guard let u = m.unevaluated else { continue }
      let reach = c.reachable(from: m.id)
      let inside = members.filter { reach.contains($0.id) }
      if inside.contains(where: { ($0.id != m.id && $0.hasUnevaluatedKeyword) || $0.rest != nil }) { continue }
      let from = inside.map(\.prefix.count).max() ?? 0
      let cs = inside.filter { $0.dialect == .draft2020_12 }.compactMap(\.contains)
      unevaluated.append((u, from, cs))
      report.set(doc[m.id].pointer, "unevaluatedItems", .enforced)
    }
    func itemNodes(_ i: Int?) -> [NodeID] {
      var nodes: [NodeID] = []
      for m in members {
        if let i, i < m.prefix.count {
          nodes.append(m.prefix[i])
        } else if let r = m.rest {
          nodes.append(r)
        }
      }
      return nodes
    }
    /// The alternatives for the item at `i` (nil: the rest): each a set of schemas, the
    /// item valid iff it satisfies one set.
    func itemAlternatives(_ i: Int?) -> [[NodeID]] {
      var alternatives = [itemNodes(i)]
      for u in unevaluated where (i ?? Int.max) >= u.from {
        var next: [[NodeID]] = []
        for a in alternatives {
          next.append(a + [u.schema])
          for cn in u.contains { next.append(a + [cn]) }
        }
        alternatives = next
      }
      return alternatives
    }
    // The first contains constraint is counted in the shape; others intersect.
    let counted = contains.first
    var countedValue: ValueLanguage? = nil
    var countedComplement: ValueLanguage? = nil
    if let counted {
      let cv = try lower([counted.node], at: itemsLoc, depth: depth + 1)
      countedValue = cv
      let cc = try complement(cv, at: itemsLoc)
      countedComplement = cc
      fidelity = fidelity.meet(cv.overallFidelity.nested).meet(cc.overallFidelity.nested)
    }
    func item(_ alternatives: [[NodeID]]) throws(CompileError) -> ArrayShape.Item {
      var terms: [Term] = []
      for nodes in alternatives {
        let (t, f) = try childValue(nodes, at: itemsLoc, depth: depth + 1)
        fidelity = fidelity.meet(f)
        terms.append(t)
      }
      let plain = store.union(terms)
      guard let cv = countedValue, let cc = countedComplement else {
        return ArrayShape.Item(plain: plain, matching: store.empty)
      }
      return ArrayShape.Item(
        plain: bool("contains", store.intersection([plain, cc.union(in: store)])),
        matching: bool("contains", store.intersection([plain, cv.union(in: store)])))
    }
    var shape = ArrayShape(rest: ArrayShape.Item(plain: store.empty, matching: store.empty))
    let from = unevaluated.map(\.from).min() ?? p
    let explicitPositions = max(p, unevaluated.isEmpty ? 0 : from)
    for i in 0..<explicitPositions { shape.prefix.append(try item(itemAlternatives(i))) }
    // No rest schema in some member with a prefix means "any"; an explicit `false` rest
    // comes through as the false schema.
    shape.rest = try item(itemAlternatives(nil))
    shape.minItems = minItems
    shape.maxItems = maxItems
    if let counted { shape.contains = (counted.min, counted.max) }
    var term = arrayTerm(shape)

    // Further contains constraints: arrays of free-form items with the counter.
    for extra in contains.dropFirst() {
      let cv = try lower([extra.node], at: itemsLoc, depth: depth + 1)
      let cc = try complement(cv, at: itemsLoc)
      fidelity = fidelity.meet(cv.overallFidelity.nested).meet(cc.overallFidelity.nested)
        .meet(freeForm.overallFidelity.nested)
      let any = freeForm.union(in: store)
      let it = ArrayShape.Item(
        plain: bool("contains", store.intersection([any, cc.union(in: store)])),
        matching: bool("contains", store.intersection([any, cv.union(in: store)])))
      var s = ArrayShape(rest: it)
      s.contains = (extra.min, extra.max)
      term = bool("contains", store.intersection([term, arrayTerm(s)]))
    }
    return (term, fidelity)
  }
}
