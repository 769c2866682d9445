import StraitAutomata
import StraitJSON

extension Lowerer {
  /// Keywords that constrain arrays / objects (without them the kind is free-form).
  static let arrayKeywords = [
    "items", "prefixItems", "additionalItems", "minItems", "maxItems", "contains", "uniqueItems",
    "unevaluatedItems",
  ]
  static let objectKeywords = [
    "properties", "patternProperties", "additionalProperties", "propertyNames", "required",
    "minProperties", "maxProperties", "dependentRequired", "dependencies", "unevaluatedProperties",
  ]

  /// Lowers a conjunctive closure: types, then the merged type-specific keywords per kind,
  /// then `enum`/`const`, then the other in-place applicators, all intersected per kind.
  /// The distribution budget of a conjunction (the most merged conjunctions it is split
  /// into).
  static let fullDistribution = 64

  func lowerConjunction(_ c: Conjunction, at loc: LocationID, depth: Int, distribution: Int = fullDistribution) throws(CompileError)
    -> ValueLanguage
  {
    var v = ValueLanguage(empty: store)
    if c.hasFalse { return v }

    // anyOf (and oneOf with pairwise disjoint branches) over a constrained base:
    // base ∧ (B1 ∨ B2) = (base ∧ B1) ∨ (base ∧ B2), each lowered as one merged conjunction,
    // so no intersection of automata is built.
    if distribution > 1, !hasUnevaluated(c),
      let (i, branches) = try distributable(c, throughNegations: distribution >= Self.fullDistribution)
    {
      var rest = c
      rest.extras.remove(at: i)
      var results: [ValueLanguage] = []
      for b in branches {
        var merged = rest
        for node in b { merge(try conjunction([node]), into: &merged, owner: c.extras[i].node) }
        results.append(
          try lowerConjunction(merged, at: loc, depth: depth, distribution: distribution / max(branches.count, 1)))
      }
      return union(results)
    }

    // unevaluatedProperties / unevaluatedItems: what counts as evaluated depends on which
    // applicators succeed, so every applicator is first distributed exactly (the branch
    // merged into the conjunction, failed branches excluded by complement); evaluation is
    // then static, decided member by member.
    if hasUnevaluated(c), let i = c.extras.firstIndex(where: { $0.keyword != "not" && $0.keyword != "$strait-not" }) {
      return try distributeExactly(c, extraIndex: i, at: loc, depth: depth)
    }


    // `type`: the kinds every member allows.
    var allowed = Set(JSONKind.allCases)
    var integral = false
    var plainIntegerOnly = false
    for (n, o, d) in c.objects {
      guard let t = o["type"] else { continue }
      var typeNames: [String] = []
      switch t {
      case .string(let s): typeNames = [s]
      case .array(let items):
        for case .string(let s) in items { typeNames.append(s) }
        if typeNames.count != items.count { throw invalid(n, "type", "must be a type name or an array of them") }
      default: throw invalid(n, "type", "must be a type name or an array of them")
      }
      var kinds: Set<JSONKind> = []
      for name in typeNames {
        guard let k = JSONKind(typeName: name) else {
          throw invalid(n, "type", "names an unknown type \(JSONSerializer.quote(name))")
        }
        kinds.insert(k)
      }
      allowed.formIntersection(kinds)
      if typeNames.contains("integer") && !typeNames.contains("number") {
        integral = true
        if d == .draft4 { plainIntegerOnly = true }
      }
    }

    for k in JSONKind.allCases where allowed.contains(k) {
      switch k {
      case .null:
        v[.null] = lex.null
      case .boolean:
        v[.boolean] = lex.boolean
      case .number:
        let (t, f) = try numberLanguage(c, integral: integral, plainIntegerOnly: plainIntegerOnly)
        v[.number] = t
        v.setFidelity(.number, f)
      case .string:
        let (t, f) = try stringLanguage(c)
        v[.string] = t
        v.setFidelity(.string, f)
      case .array:
        if !c.objects.contains(where: { m in Self.arrayKeywords.contains { m.object[$0] != nil } }) {
          v[.array] = freeForm[.array]
          v.setFidelity(.array, freeForm.fidelity(.array))
          continue
        }
        let (t, f) = try arrayLanguage(c, at: loc, depth: depth)
        v[.array] = t
        v.setFidelity(.array, f)
      case .object:
        if !c.objects.contains(where: { m in Self.objectKeywords.contains { m.object[$0] != nil } }) {
          v[.object] = freeForm[.object]
          v.setFidelity(.object, freeForm.fidelity(.object))
          continue
        }
        let (t, f) = try objectLanguage(c, at: loc, depth: depth)
        v[.object] = t
        v.setFidelity(.object, f)
      }
    }

    // Negated scalar `enum`/`const` (from negations) beside an `enum`/`const`: the listed
    // values minus those, compared as JSON values, instead of a complement.
    let (excluded, handled) = excludedValues(c)

    // `enum` and `const`: keep the listed values that the rest accepts.
    for (n, o, d) in c.objects {
      if let e = o["enum"] {
        guard case .array(let values) = e else { throw invalid(n, "enum", "must be an array") }
        v = try restrict(v, to: values.filter { !excluded.contains($0) }, at: loc, depth: depth)
      }
      if d >= .draft6, let value = o["const"] {
        v = try restrict(v, to: excluded.contains(value) ? [] : [value], at: loc, depth: depth)
      }
    }

    // Other in-place applicators.
    for (i, (n, keyword)) in c.extras.enumerated() where !handled.contains(i) {
      if v.isEmpty(in: store) && v.overallFidelity.isExact { break }
      let x = try lowerApplicator(n, keyword, at: loc, depth: depth)
      v = intersect(v, x)
    }
    return v
  }

  /// The scalar values excluded by `$strait-not` applicators of `c` whose schema is one
  /// scalar `enum` or `const`, and those applicators' indices; nothing unless `c` lists its
  /// values itself (then the listed values minus these are exactly the language).
  func excludedValues(_ c: Conjunction) -> ([JSONValue], Set<Int>) {
    let lists = c.objects.contains { m in m.object["enum"] != nil || (m.dialect >= .draft6 && m.object["const"] != nil) }
    guard lists else { return ([], []) }
    var excluded: [JSONValue] = []
    var handled: Set<Int> = []
    for (i, (n, keyword)) in c.extras.enumerated() where keyword == "$strait-not" {
      guard case .string(let s)? = doc[n].object?["$strait-not"], let raw = Int32(s),
        case .object(let target) = doc[NodeID(raw: raw)].json, target.count == 1
      else { continue }
      let d = doc[NodeID(raw: raw)].dialect
      var values: [JSONValue]
      if case .array(let e)? = target["enum"] {
        values = e
      } else if d >= .draft6, let value = target["const"] {
        values = [value]
      } else {
        continue
      }
      guard values.allSatisfy({ $0.arrayValue == nil && $0.objectValue == nil }) else { continue }
      excluded += values
      handled.insert(i)
    }
    return (excluded, handled)
  }

  /// `v` restricted to `values`: scalar values are tested against `v` one by one (one
  /// spelling decides for all, since every language here treats equal values alike) and
  /// kept whole, so no intersection is built; arrays and objects are intersected.
  func restrict(_ v: ValueLanguage, to values: [JSONValue], at loc: LocationID, depth: Int) throws(CompileError)
    -> ValueLanguage
  {
    var scalars: [JSONKind: [Term]] = [:]
    var containers: [JSONValue] = []
    for value in values {
      switch value {
      case .array, .object:
        containers.append(value)
      case .number(let n) where !isUniversal(v[.number], .number):
        // Tested in the canonical spelling (the enum may spell it `1e0`). Every number
        // language here treats equal values alike, except draft-04 `integer`, which takes
        // `1` but not `1.0`: then only the spelling without a fraction is kept.
        guard let parts = DecimalParts(n.decimal) else {
          throw CompileError(
            pointer: "", keyword: "enum", message: "the number \(n) has too many digits", kind: .unsupported)
        }
        let text = parts.plainText
        guard matches(v[.number], text) else { continue }
        let fractionFree = parts.fracDigits.isEmpty && !matches(v[.number], text + Array(".0".utf8))
        scalars[.number, default: []].append(lex.numbers.equal(parts, significant: fractionFree ? -1 : nil))
      default:
        let (k, t, _) = try valueTerm(value, at: loc, depth: depth)
        if isUniversal(v[k], k) || matches(v[k], Array(JSONSerializer.serialize(value).utf8)) {
          scalars[k, default: []].append(t)
        }
      }
    }
    var r = ValueLanguage(empty: store)
    for k in [JSONKind.null, .boolean, .number, .string] {
      r[k] = store.union(scalars[k] ?? [])
      // A value rejected by an incomplete language may still be valid.
      r.setFidelity(k, v.fidelity(k).complete < Fidelity.unbounded ? Fidelity(complete: -1, sound: v.fidelity(k).sound) : v.fidelity(k))
    }
    if !containers.isEmpty {
      let cv = try valuesLanguage(containers, at: loc, depth: depth)
      for k in [JSONKind.array, .object] {
        if cv[k] == store.empty { continue }
        r[k] = isUniversal(v[k], k) && v.fidelity(k).isExact ? cv[k] : bool("enum", store.intersection([v[k], cv[k]]))
        r.setFidelity(k, v.fidelity(k).meet(cv.fidelity(k)))
      }
    }
    return r
  }

  /// The first applicator worth distributing over the rest of the conjunction, as the
  /// conjunctions it is the union of: `anyOf` (or pairwise disjoint `oneOf`) branch by
  /// branch; another `oneOf`, `not` and `if` through negations (see ``negation(of:depth:)``).
  /// Only when the rest constrains arrays or objects, and there are few alternatives.
  ///
  /// Splits through negations (`not`, `if`, overlapping `oneOf`, dependent schemas) are
  /// only taken at the top (`throughNegations`): several of them would multiply the
  /// lowerings (16 for four `if`s), and the others stay exact as unions of lowered
  /// negation disjuncts intersected with the rest.
  func distributable(_ c: Conjunction, throughNegations: Bool) throws(CompileError) -> (Int, [[NodeID]])? {
    let constrained = c.objects.contains { m in
      (Self.objectKeywords + Self.arrayKeywords).contains { m.object[$0] != nil }
    }
    guard constrained else { return nil }
    let limit = 16
    for (i, (n, keyword)) in c.extras.enumerated() {
      switch keyword {
      case "anyOf", "oneOf":
        guard case .array(let items)? = doc[n].object?[keyword], (1...limit).contains(items.count) else { continue }
        let branches = items.indices.compactMap { doc.child(n, keyword, String($0)) }
        if keyword == "anyOf" { return (i, branches.map { [$0] }) }
        // What the rest of the conjunction says (a discriminator it requires, say).
        let context = try summary(of: c)
        if try pairwiseDisjoint(branches, context: context) { return (i, branches.map { [$0] }) }
        if !throughNegations { continue }
        if let alternatives = try exactlyOneAlternatives(branches, context: context), alternatives.count <= limit {
          return (i, alternatives)
        }
      case "not":
        guard throughNegations, let b = doc.child(n, "not"), let disjuncts = try negation(of: b), disjuncts.count <= limit else {
          continue
        }
        return (i, disjuncts.map { [$0] })
      case "if":
        guard throughNegations, let alternatives = try conditionalAlternatives(n), !alternatives.isEmpty,
          alternatives.count <= limit
        else { continue }
        return (i, alternatives)
      case let k where k.hasPrefix("dependentSchemas/") || k.hasPrefix("dependencies/"):
        guard throughNegations, let alternatives = dependencyAlternatives(n, k) else { continue }
        return (i, alternatives)
      default:
        continue
      }
    }
    return nil
  }

  /// Whether a member has a non-vacuous `unevaluatedProperties`/`unevaluatedItems`.
  func hasUnevaluated(_ c: Conjunction) -> Bool {
    c.objects.contains { m in
      m.dialect >= .draft2019_09
        && ["unevaluatedProperties", "unevaluatedItems"].contains { k in
          guard let v = m.object[k] else { return false }
          return v != .bool(true) && v != .object([:])
        }
    }
  }

  /// Distributes the applicator `c.extras[i]` over the rest of `c` exactly: each outcome
  /// (which branches succeed) is one merged conjunction, intersected with the complements
  /// of the branches that fail.
  func distributeExactly(_ c: Conjunction, extraIndex i: Int, at loc: LocationID, depth: Int) throws(CompileError)
    -> ValueLanguage
  {
    let (n, keyword) = c.extras[i]
    var rest = c
    rest.extras.remove(at: i)
    guard let o = doc[n].object else { return try lowerConjunction(rest, at: loc, depth: depth) }
    func merged(_ nodes: [NodeID]) throws(CompileError) -> ValueLanguage {
      var m = rest
      for b in nodes { merge(try conjunction([b]), into: &m, owner: n) }
      return try lowerConjunction(m, at: loc, depth: depth, distribution: 1)
    }
    func without(_ v: ValueLanguage, _ nodes: [NodeID]) throws(CompileError) -> ValueLanguage {
      if nodes.isEmpty { return v }
      var parts: [ValueLanguage] = []
      for b in nodes { parts.append(try lower([b], at: loc, depth: depth)) }
      return intersect(v, try complement(union(parts), at: loc))
    }
    switch keyword {
    case "anyOf", "oneOf":
      guard case .array(let items)? = o[keyword], !items.isEmpty else {
        throw invalid(n, keyword, "must be a non-empty array of schemas")
      }
      let branches = items.indices.compactMap { doc.child(n, keyword, String($0)) }
      if try pairwiseDisjoint(branches) {
        var results: [ValueLanguage] = []
        for b in branches { results.append(try merged([b])) }
        return union(results)
      }
      if keyword == "oneOf" {
        var results: [ValueLanguage] = []
        for (k, b) in branches.enumerated() {
          results.append(try without(try merged([b]), branches.enumerated().filter { $0.offset != k }.map(\.element)))
        }
        return union(results)
      }
      guard branches.count <= 4 else {
        try unsupported(
          n, keyword, "anyOf with more than 4 overlapping branches beside unevaluatedProperties/Items")
        var results: [ValueLanguage] = []
        for b in branches { results.append(try merged([b])) }
        return union(results)
      }
      var results: [ValueLanguage] = []
      for mask in 1..<(1 << branches.count) {
        let inside = branches.indices.filter { mask & (1 << $0) != 0 }.map { branches[$0] }
        let outside = branches.indices.filter { mask & (1 << $0) == 0 }.map { branches[$0] }
        results.append(try without(try merged(inside), outside))
      }
      return union(results)
    case "if":
      guard let cond = doc.child(n, "if") else { return try lowerConjunction(rest, at: loc, depth: depth) }
      let thenNodes = doc.child(n, "then").map { [cond, $0] } ?? [cond]
      let yes = try merged(thenNodes)
      let no = try without(try merged(doc.child(n, "else").map { [$0] } ?? []), [cond])
      return union([yes, no])
    case let k where k.hasPrefix("dependentSchemas/") || k.hasPrefix("dependencies/"):
      let slash = k.firstIndex(of: "/") ?? k.endIndex
      let container = String(k[..<slash])
      let name = String(k[k.index(after: slash)...])
      guard let d = doc.child(n, container, name) else { return try lowerConjunction(rest, at: loc, depth: depth) }
      var absent = freeForm
      var present = freeForm
      let (a, fa) = try presence(of: name, present: false, at: loc, depth: depth)
      let (p, fp) = try presence(of: name, present: true, at: loc, depth: depth)
      absent[.object] = a
      absent.setFidelity(.object, fa)
      present[.object] = p
      present.setFidelity(.object, fp)
      return union([intersect(try merged([]), absent), intersect(try merged([d]), present)])
    default:
      return try lowerConjunction(rest, at: loc, depth: depth)
    }
  }

  /// Adds the members and applicators of `other` to `c`; `owner` (the applicator's schema)
  /// reaches the merged branch in place.
  func merge(_ other: Conjunction, into c: inout Conjunction, owner: NodeID? = nil) {
    if let owner, let root = other.members.first { c.edges[owner, default: []].append(root) }
    for (k, v) in other.edges { c.edges[k, default: []].append(contentsOf: v) }
    let known = Set(c.members)
    for m in other.members where !known.contains(m) { c.members.append(m) }
    let knownObjects = Set(c.objects.map(\.id))
    for o in other.objects where !knownObjects.contains(o.id) { c.objects.append(o) }
    c.hasFalse = c.hasFalse || other.hasFalse
    for e in other.extras where !c.extras.contains(where: { $0.node == e.node && $0.keyword == e.keyword }) {
      c.extras.append(e)
    }
  }

  // MARK: Per-kind algebra

  /// Whether `t` is the free-form language of kind `k` (intersecting with it is a no-op).
  func isUniversal(_ t: Term, _ k: JSONKind) -> Bool {
    switch k {
    case .null: return t == lex.null
    case .boolean: return t == lex.boolean
    case .number: return t == lex.numbers.any
    case .string: return t == lex.strings.anyString
    case .array, .object: return t == lex.anyValue(depth: options.maxNestingDepth)[k]
    }
  }

  /// Kind-wise intersection.
  func intersect(_ a: ValueLanguage, _ b: ValueLanguage) -> ValueLanguage {
    var r = ValueLanguage(empty: store)
    for k in JSONKind.allCases {
      let (x, y) = (a[k], b[k])
      let (fx, fy) = (a.fidelity(k), b.fidelity(k))
      if (x == store.empty && fx.isExact) || (y == store.empty && fy.isExact) {
        r[k] = store.empty
        r.setFidelity(k, .exact)
        continue
      }
      // A free-form side means "no constraint" (its depth bound is an artifact): the other
      // side alone is the intersection, with its own fidelity.
      if isUniversal(x, k) && fx.sound {
        r[k] = y
        r.setFidelity(k, fy)
      } else if isUniversal(y, k) && fy.sound {
        r[k] = x
        r.setFidelity(k, fx)
      } else {
        let both = store.intersection([x, y])
        r[k] = x == y ? x : (k == .array || k == .object) ? bool("allOf/\(k.name)", both) : scalarBoolean("allOf/\(k.name)", both)
        r.setFidelity(k, fx.meet(fy))
      }
    }
    return r
  }

  /// Kind-wise union.
  func union(_ parts: [ValueLanguage]) -> ValueLanguage {
    guard let first = parts.first else { return ValueLanguage(empty: store) }
    if parts.count == 1 { return first }
    var r = ValueLanguage(empty: store)
    for k in JSONKind.allCases {
      var terms: [Term] = []
      var f = Fidelity.exact
      for p in parts {
        if p[k] == store.empty && p.fidelity(k).isExact { continue }
        terms.append(p[k])
        f = f.meet(p.fidelity(k))
      }
      r[k] = store.union(terms)
      r.setFidelity(k, f)
    }
    return r
  }

  /// The free-form value language (any JSON value nested at most `maxNestingDepth`).
  var freeForm: ValueLanguage {
    ValueLanguage(
      terms: lex.anyValue(depth: options.maxNestingDepth),
      fidelity: Fidelity(complete: options.maxNestingDepth, sound: true))
  }

  /// The value language of the conjunction of `nodes` (free-form when empty) at `loc`,
  /// as one term with its fidelity as a nested child.
  func childValue(_ nodes: [NodeID], at loc: LocationID, depth: Int) throws(CompileError) -> (Term, Fidelity) {
    let v = nodes.isEmpty ? freeForm : try lower(nodes, at: loc, depth: depth)
    return (v.union(in: store), v.overallFidelity.nested)
  }
}
