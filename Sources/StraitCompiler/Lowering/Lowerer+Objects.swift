import StraitAutomata
import StraitJSON

extension Lowerer {
  /// Object keywords of one member of a conjunction.
  struct ObjectKeywords {
    var id: NodeID
    var declared: Set<String> = []
    var patterns: [(pattern: String, node: NodeID)] = []
    var additional: NodeID?
    var propertyNames: NodeID?
    var required: [String] = []
    var minProperties: Int?
    var maxProperties: Int?
    var dependencies: [(String, [String])] = []
    /// A non-vacuous `unevaluatedProperties`.
    var unevaluated: NodeID?
    /// Any `unevaluatedProperties` (even `true`: nested, it evaluates every member).
    var hasUnevaluatedKeyword = false
  }

  func objectKeywords(_ n: NodeID, _ o: JSONObject, _ d: SchemaDialectName) throws(CompileError) -> ObjectKeywords {
    var k = ObjectKeywords(id: n)
    if let v = o["properties"] {
      guard case .object(let props) = v else { throw invalid(n, "properties", "must be an object of schemas") }
      k.declared = Set(props.keys)
    }
    if let v = o["patternProperties"] {
      guard case .object(let pats) = v else { throw invalid(n, "patternProperties", "must be an object of schemas") }
      for p in pats.keys {
        if let c = doc.child(n, "patternProperties", p) { k.patterns.append((p, c)) }
      }
    }
    if o["additionalProperties"] != nil { k.additional = doc.child(n, "additionalProperties") }
    if d >= .draft6, o["propertyNames"] != nil { k.propertyNames = doc.child(n, "propertyNames") }
    if let v = o["required"] { k.required = try names(n, "required", v) }
    k.minProperties = try count(n, o, "minProperties")
    k.maxProperties = try count(n, o, "maxProperties")
    if d >= .draft2019_09, let v = o["dependentRequired"] {
      guard case .object(let m) = v else { throw invalid(n, "dependentRequired", "must be an object of arrays") }
      for (key, list) in m { k.dependencies.append((key, try names(n, "dependentRequired", list))) }
    }
    if let v = o["dependencies"] {
      guard case .object(let m) = v else { throw invalid(n, "dependencies", "must be an object") }
      for (key, dep) in m where dep.arrayValue != nil {
        k.dependencies.append((key, try names(n, "dependencies", dep)))
      }
    }
    if d >= .draft2019_09, let v = o["unevaluatedProperties"] {
      k.hasUnevaluatedKeyword = true
      if v != .bool(true) && v != .object([:]) { k.unevaluated = doc.child(n, "unevaluatedProperties") }
    }
    return k
  }

  /// The object kind of a conjunction at `loc`.
  func objectLanguage(_ c: Conjunction, at loc: LocationID, depth: Int) throws(CompileError) -> (Term, Fidelity) {
    var members: [ObjectKeywords] = []
    for (n, o, d) in c.objects { members.append(try objectKeywords(n, o, d)) }
    let keys = locations[loc].keys
    var fidelity = Fidelity.exact
    var shape = ObjectShape(additional: store.empty)

    // propertyNames: the string language every key must be in.
    var nameLanguages: [Term] = []
    for m in members {
      guard let pn = m.propertyNames else { continue }
      let pnLoc = try locations.location(of: [pn])
      let v = try lower([pn], at: pnLoc, depth: depth + 1)
      nameLanguages.append(v[.string])
      fidelity = fidelity.meet(v.fidelity(.string).nested)
    }

    // unevaluatedProperties: per owner, the members it reaches in place; a key they do not
    // evaluate (declare, match by pattern, or cover by additionalProperties) gets the
    // owner's schema. Applicators were distributed first, so this is static.
    struct Unevaluated {
      var schema: NodeID
      var declared: Set<String>
      var patterns: Set<String>
    }
    var unevaluated: [Unevaluated] = []
    for m in members {
      guard let u = m.unevaluated else { continue }
      let reach = c.reachable(from: m.id)
      let inside = members.filter { reach.contains($0.id) }
      if inside.contains(where: { ($0.id != m.id && $0.hasUnevaluatedKeyword) || $0.additional != nil }) { continue }
      unevaluated.append(
        Unevaluated(
          schema: u, declared: inside.reduce(into: Set()) { $0.formUnion($1.declared) },
          patterns: Set(inside.flatMap { $0.patterns.map(\.pattern) })))
      report.set(doc[m.id].pointer, "unevaluatedProperties", .enforced)
    }

    // One slot per location key.
    for key in keys {
      var nodes: [NodeID] = []
      var forbidden = false
      for m in members {
        let declared = m.declared.contains(key)
        if declared, let child = doc.child(m.id, "properties", key) { nodes.append(child) }
        var matched = false
        for (p, node) in m.patterns where try keyMatches(p, key, node: m.id) {
          nodes.append(node)
          matched = true
        }
        if !declared && !matched, let a = m.additional { nodes.append(a) }
      }
      for u in unevaluated where !u.declared.contains(key) {
        var evaluated = false
        for p in u.patterns where try keyMatches(p, key, node: u.schema) { evaluated = true }
        if !evaluated { nodes.append(u.schema) }
      }
      let keyText = lex.strings.literal(key)
      let quotedBytes = Array(JSONSerializer.quote(key).utf8)
      for t in nameLanguages where !matches(t, quotedBytes) { forbidden = true }
      let required = members.contains { $0.required.contains(key) }
      var member = store.empty
      if !forbidden && !nodes.contains(where: { doc[$0].json == .bool(false) }) {
        let (value, f) = try childValue(nodes, at: try locations.child(loc, key: key), depth: depth + 1)
        fidelity = fidelity.meet(f)
        member = value == store.empty ? store.empty : lex.member(key: keyText, value: value)
      }
      shape.slots.append(ObjectShape.Slot(member: member, required: required))
    }

    // Additional members: keys outside the slots, split by the patterns they match.
    // Built on first use: most objects with `additionalProperties: false` never need it.
    var keyUniverseCache: Term? = nil
    func keyUniverse() -> Term {
      if let k = keyUniverseCache { return k }
      var k = self.keyUniverse(loc)
      if !nameLanguages.isEmpty { k = scalarBoolean("propertyNames", store.intersection([k] + nameLanguages)) }
      keyUniverseCache = k
      return k
    }
    var patternNames: [String] = []
    for m in members { for (p, _) in m.patterns where !patternNames.contains(p) { patternNames.append(p) } }
    // The subschema each pattern is reported at (its first owner).
    let patternOwners = patternNames.map { p in
      members.first { m in m.patterns.contains { $0.pattern == p } }?.id ?? c.members[0]
    }
    let additionalLoc = try locations.additionalChild(loc)
    var regions: [Term] = []
    let maxPatterns = 4
    var subsets: [[Int]] = []
    if patternNames.count <= maxPatterns {
      for mask in 0..<(1 << patternNames.count) {
        subsets.append(patternNames.indices.filter { mask & (1 << $0) != 0 })
      }
    } else if let found = try matchedPatternSets(patternNames, owners: patternOwners) {
      subsets = found
    } else {
      // Keys matching two or more patterns are left out (an under-approximation).
      subsets = [[]] + patternNames.indices.map { [$0] }
      fidelity = fidelity.meet(Fidelity(complete: 0, sound: true))
      for m in members where !m.patterns.isEmpty {
        approximated(
          m.id, "patternProperties",
          "keys outside `properties` that match two or more of the \(patternNames.count) patterns are not accepted")
      }
    }
    for subset in subsets {
      var nodes: [NodeID] = []
      for m in members {
        let mine = m.patterns.filter { p in subset.contains { patternNames[$0] == p.pattern } }
        if mine.isEmpty {
          if let a = m.additional { nodes.append(a) }
        } else {
          nodes.append(contentsOf: mine.map(\.node))
        }
      }
      for u in unevaluated where !subset.contains(where: { u.patterns.contains(patternNames[$0]) }) {
        nodes.append(u.schema)
      }
      if nodes.contains(where: { doc[$0].json == .bool(false) }) { continue }
      // Keys matching a pattern of the subset are outside the slots unless a slot key
      // matches it: then the key universe is implied.
      var keyParts: [Term] = []
      var needUniverse = subset.isEmpty
      if !needUniverse {
        for i in subset {
          for key in keys where try keyMatches(patternNames[i], key, node: patternOwners[i]) { needUniverse = true }
        }
      }
      if needUniverse || !nameLanguages.isEmpty { keyParts.append(keyUniverse()) }
      var allPatterns = true
      for (i, p) in patternNames.enumerated() {
        guard let body = try keyPattern(p, node: patternOwners[i]) else {
          allPatterns = false
          continue
        }
        keyParts.append(subset.contains(i) ? body : store.complement(body))
      }
      if !allPatterns { fidelity.sound = false }
      let keyLanguage = keyParts.count == 1 ? keyParts[0] : scalarBoolean("patternProperties", store.intersection(keyParts))
      let (value, f) = try childValue(nodes, at: additionalLoc, depth: depth + 1)
      fidelity = fidelity.meet(f)
      if value != store.empty { regions.append(lex.member(key: keyLanguage, value: value)) }
    }
    shape.additional = store.union(regions)

    // Counts and dependencies.
    for m in members {
      if let v = m.minProperties { shape.minProperties = max(shape.minProperties, v) }
      if let v = m.maxProperties { shape.maxProperties = min(shape.maxProperties ?? Int.max, v) }
    }
    if let maxP = shape.maxProperties, maxP > keys.count + 1_000_000 { shape.maxProperties = nil }
    if shape.minProperties > keys.count + 10_000 {
      throw CompileError(
        pointer: doc[c.members[0]].pointer, keyword: "minProperties",
        message: "minProperties \(shape.minProperties) is too large", kind: .unsupported)
    }
    let index = locations[loc].keyIndex
    for m in members {
      for (a, bs) in m.dependencies {
        guard let ai = index[a] else { continue }
        for b in bs {
          guard let bi = index[b], bi != ai else { continue }
          shape.requires[ai, default: []].append(bi)
        }
      }
    }
    return (objectTerm(shape), fidelity)
  }

  /// The sets of `patterns` (by index) that one key can match all of, the empty set first,
  /// when there are at most ``maxMatchedPatternSets``: sets are grown one pattern at a time
  /// while their key languages still intersect. Most schemas with many patterns have
  /// disjoint ones (`^sequence `, `^type `, …), so this is one set per pattern instead of
  /// every subset. Nil when there are more, when an intersection is too large to decide
  /// (or ``maxPatternSetStates`` are used up), or when a pattern was dropped (lenient mode).
  func matchedPatternSets(_ patterns: [String], owners: [NodeID]) throws(CompileError) -> [[Int]]? {
    var bodies: [Term] = []
    for (p, owner) in zip(patterns, owners) {
      guard let body = try keyPattern(p, node: owner) else { return nil }
      bodies.append(body)
    }
    var sets: [[Int]] = [[]]
    var frontier: [[Int]] = bodies.indices.map { [$0] }
    while !frontier.isEmpty {
      sets += frontier
      if sets.count > Self.maxMatchedPatternSets { return nil }
      var next: [[Int]] = []
      for set in frontier {
        for j in (set[set.count - 1] + 1)..<bodies.count {
          let grown = set + [j]
          // Decided by exploring the intersection's automaton: live iff a state accepts.
          // The states explored for one schema are bounded (their derivatives are terms).
          let left = Self.maxPatternSetStates - patternSetStates
          guard left > 0,
            let explored = store.explore(store.intersection(grown.map { bodies[$0] }), stateLimit: min(left, 1_024))
          else { return nil }
          patternSetStates += explored.stateCount
          if explored.accepting.contains(true) { next.append(grown) }
          if sets.count + next.count > Self.maxMatchedPatternSets { return nil }
        }
      }
      frontier = next
    }
    return sets
  }

  /// The most pattern sets ``matchedPatternSets(_:owners:)`` returns.
  static let maxMatchedPatternSets = 64
  /// The most automaton states ``matchedPatternSets(_:owners:)`` explores in
  /// one compilation (beyond it, keys matching two or more patterns are left out).
  static let maxPatternSetStates = 16_384

  /// The key language (quoted, encoded) of strings matching `pattern` (search semantics);
  /// nil when the pattern is dropped in lenient mode.
  func keyPattern(_ pattern: String, node: NodeID) throws(CompileError) -> Term? {
    if let t = keyPatternMemo[pattern] { return t }
    guard let body = try patternBody(pattern, node: node, keyword: "patternProperties") else { return nil }
    let t = lex.strings.quoted(body)
    keyPatternMemo[pattern] = t
    return t
  }

  /// Whether the key `key` matches `pattern` (search semantics), decided on the term.
  func keyMatches(_ pattern: String, _ key: String, node: NodeID) throws(CompileError) -> Bool {
    guard let t = try keyPattern(pattern, node: node) else { return true }
    return matches(t, Array(JSONSerializer.quote(key).utf8))
  }

  /// Whether `t` accepts `bytes`, by derivatives (no DFA needed).
  func matches(_ t: Term, _ bytes: [UInt8]) -> Bool {
    var cur = t
    for b in bytes {
      cur = store.derivative(cur, by: b)
      if cur == store.empty { return false }
    }
    return store.isNullable(cur)
  }
}
