import StraitAutomata
import StraitJSON

extension Lowerer {
  /// Lowers a conjunctive closure: types, then the merged type-specific keywords per kind,
  /// then `enum`/`const`, then the other in-place applicators, all intersected per kind.
  func lowerConjunction(_ c: Conjunction, at loc: LocationID, depth: Int) throws(CompileError)
    -> ValueLanguage
  {
    var v = ValueLanguage(empty: store)
    if c.hasFalse { return v }

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
        let (t, f) = try arrayLanguage(c, at: loc, depth: depth)
        v[.array] = t
        v.setFidelity(.array, f)
      case .object:
        let (t, f) = try objectLanguage(c, at: loc, depth: depth)
        v[.object] = t
        v.setFidelity(.object, f)
      }
    }

    // `enum` and `const`: intersect with the languages of the listed values.
    for (n, o, d) in c.objects {
      if let e = o["enum"] {
        guard case .array(let values) = e else { throw invalid(n, "enum", "must be an array") }
        v = intersect(v, try valuesLanguage(values, at: loc, depth: depth))
      }
      if d >= .draft6, let value = o["const"] {
        v = intersect(v, try valuesLanguage([value], at: loc, depth: depth))
      }
    }

    // Other in-place applicators.
    for (n, keyword) in c.extras {
      if v.isEmpty(in: store) && v.overallFidelity.isExact { break }
      let x = try lowerApplicator(n, keyword, at: loc, depth: depth)
      v = intersect(v, x)
    }
    return v
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
      if isUniversal(x, k) && fx.isExact {
        r[k] = y
        r.setFidelity(k, fy)
      } else if isUniversal(y, k) && fy.isExact {
        r[k] = x
        r.setFidelity(k, fx)
      } else {
        r[k] = x == y ? x : store.intersection([x, y])
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
