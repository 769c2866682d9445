import StraitAutomata
import StraitJSON

extension Lowerer {
  /// The array kind of a conjunction at `loc`.
  func arrayLanguage(_ c: Conjunction, at loc: LocationID, depth: Int) throws(CompileError) -> (Term, Fidelity) {
    struct Member {
      var prefix: [NodeID] = []
      var rest: NodeID?
    }
    var members: [Member] = []
    var minItems = 0
    var maxItems: Int? = nil
    var contains: [(node: NodeID, min: Int, max: Int?)] = []
    var unique: [NodeID] = []
    for (n, o, d) in c.objects {
      var m = Member()
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
      if d >= .draft2019_09, o["unevaluatedItems"] != nil { try unevaluated(n, o, "unevaluatedItems") }
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
    func item(_ nodes: [NodeID]) throws(CompileError) -> ArrayShape.Item {
      let (plain, f) = try childValue(nodes, at: itemsLoc, depth: depth + 1)
      fidelity = fidelity.meet(f)
      guard let cv = countedValue, let cc = countedComplement else {
        return ArrayShape.Item(plain: plain, matching: store.empty)
      }
      return ArrayShape.Item(
        plain: bool("contains", store.intersection([plain, cc.union(in: store)])),
        matching: bool("contains", store.intersection([plain, cv.union(in: store)])))
    }
    var shape = ArrayShape(rest: ArrayShape.Item(plain: store.empty, matching: store.empty))
    for i in 0..<p { shape.prefix.append(try item(itemNodes(i))) }
    let restNodes = itemNodes(nil)
    // No rest schema in some member with a prefix means "any"; an explicit `false` rest
    // comes through as the false schema.
    shape.rest = try item(restNodes)
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
