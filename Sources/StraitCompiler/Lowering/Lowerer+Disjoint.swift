import StraitJSON

extension Lowerer {
  /// What a subschema says that can prove two `oneOf` branches disjoint without
  /// building a complement: its kinds, its finite value set, and for objects the names it
  /// requires or forbids and the finite values it allows for some members.
  struct BranchSummary {
    var kinds: Set<JSONKind> = Set(JSONKind.allCases)
    var values: [JSONValue]? = nil
    var required: Set<String> = []
    /// Member names that cannot appear (declared `false`, or outside `properties` with
    /// `additionalProperties: false` and no `patternProperties`).
    var forbidden: (String) -> Bool = { _ in false }
    var memberValues: [String: [JSONValue]] = [:]
  }

  func summary(_ node: NodeID) throws(CompileError) -> BranchSummary {
    if let s = summaryMemo[node] { return s }
    let s = try summary(of: try conjunction([node]))
    summaryMemo[node] = s
    return s
  }

  /// Both summaries at once: what a value valid against both must satisfy.
  func meet(_ a: BranchSummary, _ b: BranchSummary) -> BranchSummary {
    var s = a
    s.kinds.formIntersection(b.kinds)
    if let bv = b.values { s.values = a.values.map { cur in cur.filter { bv.contains($0) } } ?? bv }
    s.required.formUnion(b.required)
    let (fa, fb) = (a.forbidden, b.forbidden)
    s.forbidden = { fa($0) || fb($0) }
    for (k, bv) in b.memberValues {
      s.memberValues[k] = a.memberValues[k].map { cur in cur.filter { bv.contains($0) } } ?? bv
    }
    return s
  }

  func summary(of c: Conjunction) throws(CompileError) -> BranchSummary {
    var s = BranchSummary()
    if c.hasFalse {
      s.kinds = []
      return s
    }
    var closed: [(declared: Set<String>, id: NodeID)] = []
    var falseMembers: Set<String> = []
    for (n, o, d) in c.objects {
      if let t = o["type"] {
        var kinds: Set<JSONKind> = []
        for case .string(let name) in (t.arrayValue ?? [t]) { if let k = JSONKind(typeName: name) { kinds.insert(k) } }
        s.kinds.formIntersection(kinds)
      }
      var listed: [[JSONValue]] = []
      if case .array(let e)? = o["enum"] { listed.append(e) }
      if d >= .draft6, let v = o["const"] { listed.append([v]) }
      for l in listed { s.values = s.values.map { cur in cur.filter { l.contains($0) } } ?? l }
      if case .array(let req)? = o["required"] { for case .string(let k) in req { s.required.insert(k) } }
      let declared = Set(o["properties"]?.objectValue?.keys.map { $0 } ?? [])
      if o["additionalProperties"] == .bool(false), o["patternProperties"] == nil {
        closed.append((declared, n))
      }
      if case .object(let props)? = o["properties"] {
        for (k, v) in props {
          if v == .bool(false) { falseMembers.insert(k) }
          guard let child = doc.child(n, "properties", k), let cc = try? conjunction([child]) else { continue }
          for (_, co, cd) in cc.objects {
            var vals: [JSONValue]? = nil
            if case .array(let e)? = co["enum"] { vals = e }
            if cd >= .draft6, let v = co["const"] { vals = [v] }
            if let vals { s.memberValues[k] = s.memberValues[k].map { cur in cur.filter { vals.contains($0) } } ?? vals }
          }
        }
      }
    }
    if let values = s.values {
      var kinds: Set<JSONKind> = []
      for v in values { kinds.insert(Self.kind(of: v)) }
      s.kinds.formIntersection(kinds)
    }
    let closedCopy = closed
    let falseCopy = falseMembers
    s.forbidden = { name in falseCopy.contains(name) || closedCopy.contains { !$0.declared.contains(name) } }
    return s
  }

  static func kind(of v: JSONValue) -> JSONKind {
    switch v {
    case .null: .null
    case .bool: .boolean
    case .number: .number
    case .string: .string
    case .array: .array
    case .object: .object
    }
  }

  /// Whether no value is valid against both summaries (a sound, incomplete test).
  func disjoint(_ a: BranchSummary, _ b: BranchSummary) -> Bool {
    let common = a.kinds.intersection(b.kinds)
    for k in common {
      if let av = a.values, let bv = b.values {
        let ak = av.filter { Self.kind(of: $0) == k }
        let bk = bv.filter { Self.kind(of: $0) == k }
        if !ak.contains(where: { bk.contains($0) }) { continue }
      }
      if k == .object {
        if a.required.contains(where: b.forbidden) || b.required.contains(where: a.forbidden) { continue }
        var separated = false
        for key in a.required.intersection(b.required) {
          if let x = a.memberValues[key], let y = b.memberValues[key], !x.contains(where: { y.contains($0) }) {
            separated = true
            break
          }
        }
        if separated { continue }
      }
      return false
    }
    return true
  }

  /// Whether the branches of a `oneOf` are pairwise disjoint (then it is an `anyOf`), among
  /// the values that also satisfy `context` (the rest of the conjunction, when known).
  func pairwiseDisjoint(_ branches: [NodeID], context: BranchSummary? = nil) throws(CompileError) -> Bool {
    guard branches.count <= 64 else { return false }
    var s = try branches.map { (b) throws(CompileError) in try summary(b) }
    if let context { s = s.map { meet($0, context) } }
    for i in s.indices {
      for j in s.indices where j > i {
        if !disjoint(s[i], s[j]) { return false }
      }
    }
    return true
  }
}
