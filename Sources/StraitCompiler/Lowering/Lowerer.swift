import StraitAutomata
import StraitJSON

/// Lowers a schema document to a regular term: the core of ``SchemaCompiler``.
///
/// The unit of lowering is a *conjunction*: the set of subschemas that apply to one
/// instance position through `allOf` and `$ref` (the conjunctive closure). Its
/// type-specific keywords are merged (one object automaton for all `properties`, one
/// number constraint, ...), so intersections happen at the leaves instead of between
/// whole automata; `anyOf`, `oneOf`, `not`, `if` and `dependentSchemas` are lowered
/// separately and combined per JSON kind.
///
/// Object member order is fixed per *location* (see ``LocationTable``), so every term
/// for one instance position agrees on it and intersections and complements are exact.
final class Lowerer {
  let store: TermStore
  let options: CompileOptions
  let doc: SchemaDocument
  let lex: JSONLexicon
  var report = ReportBuilder()
  var locations: LocationTable

  /// Results by conjunction and location, each with the recursion levels it was built at
  /// (see ``MemoEntry``).
  private var memo: [LowerKey: [MemoEntry]] = [:]
  /// The conjunctions being lowered (cycle detection), with the recursion levels (by
  /// origin, see ``recursionOrigins(of:)``) each one's result depends on so far (`deps`).
  private var stack: [(key: Int, location: LocationID, depth: Int, deps: [Int: Int])] = []
  /// By origin, the frames on `stack` (positions, ascending) that started a level of it:
  /// the first conjunction counting under it at each instance depth (see
  /// ``levels(of:at:)``).
  private var positions: [Int: [Int]] = [:]
  /// A small integer per conjunction (its sorted member list).
  private var keyIDs: [[NodeID]: Int] = [:]
  /// Nodes whose keywords were already reported.
  private var reported: Set<NodeID> = []
  var patternMemo: [String: Term] = [:]
  var patternLengths: [String: (min: Int, max: Int?)] = [:]
  var formatLengths: [String: (min: Int, max: Int?)] = [:]
  var formatMemo: [String: (Term, String?)] = [:]
  var keyPatternMemo: [String: Term] = [:]
  var universeMemo: [UniverseKey: ValueLanguage] = [:]
  /// By key list: locations reached through the same `$ref` share their keys.
  var keyUniverseMemo: [[String]: Term] = [:]
  var positiveMemo: [Term: Term?] = [:]
  /// Negations as unions of built schemas, by node (see ``negation(of:depth:)``).
  var negationMemo: [NodeID: [NodeID]?] = [:]
  /// ``conjunction(_:)`` by its argument (`oneOf` analysis asks for the same branches'
  /// and members' closures again and again).
  var conjunctionMemo: [[NodeID]: Conjunction] = [:]
  /// ``summary(_:)`` by node.
  var summaryMemo: [NodeID: BranchSummary] = [:]
  /// The built "without NAME" / "with NAME" schemas of dependent schemas.
  var dependencyMemo: [String: (NodeID, NodeID)] = [:]
  /// Automaton states explored to find which `patternProperties` patterns intersect.
  var patternSetStates = 0
  /// Why intersections and complements were built (by construct), for diagnostics.
  var booleanSources: [String: Int] = [:]

  struct UniverseKey: Hashable {
    var location: LocationID
    var depth: Int
  }

  struct ObjectKey: Hashable {
    var slot: Int
    var count: Int
    var mustHave: [Int]
    var mustNot: [Int]
  }

  /// Terms built while lowering each subschema (exclusive of nested lowerings), by the
  /// first member of its conjunction (pointers are looked up only for a report).
  private var termsByNode: [NodeID: Int] = [:]
  private var childTerms: [Int] = []

  /// How many expansions of one conjunction at one location, in different recursion
  /// contexts, are built before the closest one is reused
  /// (see ``MemoEntry``).
  static let maxExpansionsPerConjunction = 16

  /// The most conjunctions lowered within one another at one instance position.
  static let maxChainAtOneDepth = 400

  /// How much shallower than a fresh expansion `e` would be here: the largest excess of
  /// a recorded level over the current one, then the total excess.
  private func shortfall(_ e: MemoEntry, at depth: Int) -> (Int, Int) {
    var worst = 0
    var total = 0
    for (k, level) in e.deps {
      let excess = max(level - levels(of: k, at: depth), 0)
      worst = max(worst, excess)
      total += excess
    }
    return (worst, total)
  }

  struct LowerKey: Hashable {
    var key: Int
    var location: LocationID
  }

  /// A lowered conjunction and the recursion context it was built in.
  ///
  /// A recursive schema is unrolled until a conjunction would start level
  /// `maxRecursionDepth + 1` of one of its origins (see ``recursionOrigins(of:)``), so a
  /// result depends on the levels active when it was built, but only of the origins
  /// whose unrolling was cut below it: `deps` maps those origins to their level counts
  /// then. The entry may be reused wherever each of them has at least as many levels
  /// active (its unrolling is then at least as deep as a fresh one); reusing a shallower
  /// expansion would reject documents that a fresh one accepts, and a result that no cut
  /// shaped is the same in every context.
  struct MemoEntry {
    var deps: [Int: Int]
    var value: ValueLanguage
  }

  /// A lowerer building on `lexicon`'s store.
  init(document: SchemaDocument, lexicon: JSONLexicon, options: CompileOptions) {
    self.doc = document
    self.store = lexicon.store
    self.options = options
    self.lex = lexicon
    self.locations = LocationTable(document: document)
  }

  /// The language of whole documents: `ws value ws`.
  func lowerDocument() throws(CompileError) -> (term: Term, fidelity: Fidelity) {
    guard let root = doc.node(at: "") else {
      throw CompileError(pointer: "", keyword: nil, message: "empty schema", kind: .invalidSchema)
    }
    if let e = doc.equivalentNames {
      throw CompileError(
        pointer: e.pointer, keyword: e.keyword,
        message: "the names \(Self.spelled(e.first)) and \(Self.spelled(e.second)) differ but are canonically "
          + "equivalent Unicode; the compiler cannot yet keep such names apart",
        kind: .unsupported)
    }
    let loc = try locations.location(of: [root])
    let v = try lower([root], at: loc, depth: 0)
    let term = store.concat([lex.ws, v.union(in: store), lex.ws])
    return (term, v.overallFidelity)
  }

  /// A name quoted with its code points (`"é" (U+0065 U+0301)`), for names that look alike.
  static func spelled(_ name: String) -> String {
    let points = name.unicodeScalars.map { scalar -> String in
      let hex = String(scalar.value, radix: 16, uppercase: true)
      return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
    return JSONSerializer.quote(name) + " (" + points.joined(separator: " ") + ")"
  }

  // MARK: Conjunctions

  /// The language of the conjunction of `nodes` at location `loc`.
  ///
  /// - Parameters:
  ///   - nodes: subschemas that all apply to the value.
  ///   - loc: the value's location (decides member order).
  ///   - depth: the instance nesting depth (recursion without progress detection).
  func lower(_ nodes: [NodeID], at loc: LocationID, depth: Int) throws(CompileError) -> ValueLanguage {
    let conj = try conjunction(nodes)
    let members = conj.members.filter { doc.contributes($0) }.sorted()
    let key: Int
    if let k = keyIDs[members] {
      key = k
    } else {
      key = keyIDs.count
      keyIDs[members] = key
    }
    // Levels count instance depths, so a chain of conjunctions at one depth must end by
    // itself: a conjunction that comes back (below) or a chain longer than any schema
    // needs is a cycle without a base case.
    if stack.count >= Self.maxChainAtOneDepth && stack[stack.count - Self.maxChainAtOneDepth].depth == depth {
      throw CompileError(
        pointer: doc[doc.origin(of: conj.members[0])].pointer, keyword: "$ref",
        message: "more than \(Self.maxChainAtOneDepth) subschemas apply within one another at one "
          + "instance position (a cycle through built negations with no base case, or nesting too deep)",
        kind: .limit)
    }
    for entry in stack where entry.key == key && entry.location == loc && entry.depth == depth {
      let p = doc[doc.origin(of: conj.members[0])].pointer
      throw CompileError(
        pointer: p, keyword: "$ref",
        message: "the schema refers to itself without descending into the instance (a $ref "
          + "cycle with no base case)",
        kind: .limit)
    }
    // Levels are counted per origin (the subschema a reference target or built schema
    // stands for) and instance depth: a cycle of lowering always passes through one, and
    // counting anything else too (the branches of an `anyOf` that recur through a shared
    // definition, the negations of a definition beside the definition itself) would make
    // each result depend on how often every one of them is active, so that the
    // expansions of one definition multiply past `maxExpansionsPerConjunction` and
    // shallower ones get reused (rejecting documents within the documented depth).
    let origins = recursionOrigins(of: conj)
    var level = 0
    var deepest: [Int] = []
    for o in origins {
      let l = levels(of: o, at: depth)
      if l > level { (level, deepest) = (l, [o]) } else if l == level { deepest.append(o) }
    }
    if level > options.maxRecursionDepth {
      for o in deepest { dependOn(o) }
      // Recursion cut: nothing deeper is accepted (an under-approximation).
      // Reported at the `$ref` followed, or else at the subschema whose levels ran out.
      let first = conj.members[0]
      let viaRef = !doc.isSynthetic(first) && doc[first].object?["$ref"] != nil
      let origin = viaRef ? first : deepest.first.map { NodeID(raw: Int32($0)) } ?? doc.origin(of: first)
      report.set(
        doc[origin].pointer, viaRef ? "$ref" : "(recursion)",
        .approximated(
          "recursive schema unrolled to maxRecursionDepth=\(options.maxRecursionDepth); "
            + "deeper documents are rejected"))
      var v = ValueLanguage(empty: store)
      for k in JSONKind.allCases { v.setFidelity(k, .incomplete) }
      return v
    }
    let memoKey = LowerKey(key: key, location: loc)
    if let entries = memo[memoKey] {
      for e in entries where e.deps.allSatisfy({ levels(of: $0.key, at: depth) >= $0.value }) {
        for k in e.deps.keys { dependOn(k) }
        return e.value
      }
      // Mutual recursion can reach a conjunction in exponentially many contexts: after a
      // few expansions, reuse the one that needs the fewest levels more than are left
      // (sound, maybe shallower than a fresh one).
      if entries.count >= Self.maxExpansionsPerConjunction,
        let e = entries.min(by: { shortfall($0, at: depth) < shortfall($1, at: depth) })
      {
        for k in e.deps.keys { dependOn(k) }
        return e.value
      }
    }

    // A result depends on the levels only where it was cut (see ``dependOn(_:)``).
    stack.append((key, loc, depth, [:]))
    // The origins this conjunction starts a level of (not those already active at this depth).
    let started = origins.filter { o in positions[o]?.last.map { stack[$0].depth != depth } ?? true }
    for o in started { positions[o, default: []].append(stack.count - 1) }
    let before = store.termCount
    childTerms.append(0)
    defer {
      stack.removeLast()
      for o in started { positions[o]?.removeLast() }
    }
    let v = try lowerConjunction(conj, at: loc, depth: depth)
    let built = store.termCount - before
    let nested = childTerms.removeLast()
    termsByNode[conj.members[0], default: 0] += max(built - nested, 0)
    if !childTerms.isEmpty { childTerms[childTerms.count - 1] += built }
    if store.termCount > options.termBudget { throw termBudgetError() }
    memo[memoKey, default: []].append(MemoEntry(deps: stack[stack.count - 1].deps, value: v))
    return v
  }

  /// The subschemas (by raw id) whose recursion levels entering `conj` counts: the origins
  /// (``SchemaDocument/origin(of:)``) of its reference targets and of its built members
  /// (built schemas and views, not the nodes inside them, which would count a level of
  /// their origin one instance depth below the built schema itself).
  ///
  /// The schema document is a tree, so lowering can only come back to a subschema by
  /// following a reference (`$ref`, `$dynamicRef`, `$recursiveRef`, a built schema's
  /// `$strait-node`), the complement of a view (`$strait-not`), or a negation built for a
  /// reference's target, which is a list of built schemas: a conjunction on every such
  /// cycle has a reference target or a built member.
  private func recursionOrigins(of conj: Conjunction) -> [Int] {
    var origins = Set(conj.referenceTargets.map { Int(doc.origin(of: $0).raw) })
    for m in conj.members where doc.isBuiltRoot(m) { origins.insert(Int(doc.origin(of: m).raw)) }
    return origins.sorted()
  }

  /// The levels of `origin` active at instance depths shallower than `depth`.
  private func levels(of origin: Int, at depth: Int) -> Int {
    guard let ps = positions[origin], let last = ps.last else { return 0 }
    return stack[last].depth == depth ? ps.count - 1 : ps.count
  }

  /// Records that the results being built depend on how many levels of `origin` are
  /// active (a cut of its unrolling is below them): every frame above its first level on
  /// the stack, with the levels it had (``levels(of:at:)``) when that frame was entered.
  private func dependOn(_ origin: Int) {
    guard let ps = positions[origin], let first = ps.first else { return }
    var count = ps.count
    var next = ps.count - 1
    for p in stride(from: stack.count - 1, to: first, by: -1) {
      while next >= 0 && ps[next] >= p {
        count -= 1
        next -= 1
      }
      // `count` levels start below frame p; the one at p's own instance depth, if any, is
      // not a level above p (see ``levels(of:at:)``). A frame that has the dependency
      // already got it from an earlier call, which also marked every frame below it.
      if stack[p].deps[origin] != nil { break }
      stack[p].deps[origin] = stack[ps[next]].depth == stack[p].depth ? count - 1 : count
    }
  }

  /// Records that `t` (an intersection or complement) was built for `reason`.
  func bool(_ reason: String, _ t: Term) -> Term {
    booleanSources[reason, default: 0] += 1
    return t
  }

  /// Keys (quoted strings) other than the location's canonical keys.
  func keyUniverse(_ loc: LocationID) -> Term {
    let keys = locations[loc].keys
    if let t = keyUniverseMemo[keys] { return t }
    let t = lex.strings.anyStringExcept(keys)
    keyUniverseMemo[keys] = t
    return t
  }

  /// The `count` subschemas that built the most terms, most first (equal counts in
  /// document order, so that reports are deterministic), by JSON Pointer.
  func largestSubschemas(_ count: Int) -> [(pointer: String, terms: Int)] {
    func precedes(_ a: (node: NodeID, terms: Int), _ b: (node: NodeID, terms: Int)) -> Bool {
      a.terms != b.terms ? a.terms > b.terms : a.node < b.node
    }
    var top: [(node: NodeID, terms: Int)] = []
    for entry in termsByNode where top.count < count || precedes((entry.key, entry.value), top[top.count - 1]) {
      let e = (node: entry.key, terms: entry.value)
      top.insert(e, at: top.firstIndex { precedes(e, $0) } ?? top.count)
      if top.count > count { top.removeLast() }
    }
    return top.map { (doc[$0.node].pointer, $0.terms) }
  }

  func termBudgetError() -> CompileError {
    let top = largestSubschemas(1).first.map { (key: $0.pointer, value: $0.terms) }
    let at = top.map { $0.key.isEmpty ? "the schema root" : $0.key } ?? "the schema root"
    return CompileError(
      pointer: top?.key ?? "", keyword: nil,
      message: "the schema needs more than \(options.termBudget) terms; the subschema that "
        + "contributed most is \(at) (\(top?.value ?? 0) terms)",
      kind: .limit)
  }

  /// The conjunctive closure of some subschemas: the subschemas themselves, their `$ref`
  /// targets and `allOf` branches, recursively; and the other in-place applicators met.
  struct Conjunction {
    var members: [NodeID] = []
    /// Schema objects (not Boolean schemas) among the members.
    var objects: [(id: NodeID, object: JSONObject, dialect: SchemaDialectName)] = []
    var hasFalse = false
    /// The members reached through `$ref`, `$dynamicRef` or `$recursiveRef`, sorted.
    ///
    /// The schema document is a tree, so lowering can only come back to a subschema it
    /// is already lowering by following a reference: every cycle passes through a
    /// reference target. Recursion levels are counted per set of targets only (see
    /// ``lower(_:at:depth:)``).
    var referenceTargets: [NodeID] = []
    /// In-place applicators other than `allOf`/`$ref`, in order.
    var extras: [(node: NodeID, keyword: String)] = []
    /// `$ref`/`allOf` edges between members (and, after distribution, from an applicator's
    /// owner to the branch merged in): which subschemas a member reaches in place, for
    /// `unevaluatedProperties`/`unevaluatedItems`.
    var edges: [NodeID: [NodeID]] = [:]

    /// The members `m` reaches in place (itself included).
    func reachable(from m: NodeID) -> Set<NodeID> {
      var seen: Set<NodeID> = [m]
      var work = [m]
      while let n = work.popLast() {
        for t in edges[n] ?? [] where seen.insert(t).inserted { work.append(t) }
      }
      return seen
    }
  }

  func conjunction(_ nodes: [NodeID]) throws(CompileError) -> Conjunction {
    if let c = conjunctionMemo[nodes] { return c }
    let c = try closure(of: nodes)
    conjunctionMemo[nodes] = c
    return c
  }

  private func closure(of nodes: [NodeID]) throws(CompileError) -> Conjunction {
    var c = Conjunction()
    var seen: Set<NodeID> = []
    var edges: [NodeID: [NodeID]] = [:]
    var work = Array(nodes.reversed())
    while let n = work.popLast() {
      guard seen.insert(n).inserted else { continue }
      c.members.append(n)
      let node = doc[n]
      switch node.json {
      case .bool(let b):
        if !b { c.hasFalse = true }
        continue
      case .object(let o):
        reportKeywords(n)
        var next: [NodeID] = []
        // Built schemas (negations): a node in place, or the complement of one.
        if case .string(let s)? = o["$strait-node"], let raw = Int32(s) {
          next.append(NodeID(raw: raw))
          c.referenceTargets.append(NodeID(raw: raw))
        }
        if o["$strait-not"] != nil { c.extras.append((n, "$strait-not")) }
        if let ref = o["$ref"] {
          guard case .string(let s) = ref else { throw invalid(n, "$ref", "must be a string") }
          next.append(try doc.resolve(s, from: n, keyword: "$ref"))
          c.referenceTargets.append(next[next.count - 1])
          if node.dialect <= .draft7 {
            // Drafts 4-7: `$ref` replaces the whole schema object.
            edges[n] = next
            work.append(contentsOf: next.reversed())
            continue
          }
        }
        c.objects.append((n, o, node.dialect))
        for kw in ["$dynamicRef", "$recursiveRef"] where o[kw] != nil && KeywordTable.isKnown(kw, node.dialect) {
          next.append(try dynamicReference(n, kw))
          c.referenceTargets.append(next[next.count - 1])
        }
        if let all = o["allOf"] {
          guard case .array(let items) = all, !items.isEmpty else {
            throw invalid(n, "allOf", "must be a non-empty array of schemas")
          }
          for i in items.indices {
            if let child = doc.child(n, "allOf", String(i)) { next.append(child) }
          }
        }
        for kw in ["anyOf", "oneOf", "not", "if"] where o[kw] != nil {
          if KeywordTable.isKnown(kw, node.dialect) { c.extras.append((n, kw)) }
        }
        // One applicator per dependent schema: `dependentSchemas/NAME`.
        for kw in ["dependentSchemas", "dependencies"] where KeywordTable.isKnown(kw, node.dialect) {
          guard let v = o[kw] else { continue }
          guard case .object(let m) = v else { throw invalid(n, kw, "must be an object") }
          for (name, dep) in m where dep.arrayValue == nil { c.extras.append((n, kw + "/" + name)) }
        }
        edges[n] = next
        work.append(contentsOf: next.reversed())
      default:
        throw CompileError(
          pointer: node.pointer, keyword: nil,
          message: "a schema must be an object or a Boolean, got \(node.json.typeName)",
          kind: .invalidSchema)
      }
    }
    c.edges = edges
    c.referenceTargets.sort()
    if let cyclic = Self.cycle(in: edges, from: nodes) {
      throw CompileError(
        pointer: doc[doc.origin(of: cyclic)].pointer, keyword: "$ref",
        message: "the schema refers to itself through $ref/allOf without descending into the "
          + "instance (a $ref cycle with no base case)",
        kind: .limit)
    }
    return c
  }

  /// A node on a cycle of `edges` reachable from `roots` (iterative three-colour DFS).
  static func cycle(in edges: [NodeID: [NodeID]], from roots: [NodeID]) -> NodeID? {
    var color: [NodeID: UInt8] = [:]  // 1: on the path, 2: done
    for root in roots where color[root] == nil {
      var stack: [(NodeID, Int)] = [(root, 0)]
      color[root] = 1
      while let (n, i) = stack.last {
        let next = edges[n] ?? []
        if i < next.count {
          stack[stack.count - 1].1 += 1
          let m = next[i]
          switch color[m] {
          case 1: return m
          case 2: continue
          default:
            color[m] = 1
            stack.append((m, 0))
          }
        } else {
          color[n] = 2
          stack.removeLast()
        }
      }
    }
    return nil
  }

  /// Resolves `$dynamicRef`/`$recursiveRef` statically when that is exact: when the
  /// document has at most one dynamic anchor of the name (one `$recursiveAnchor: true`),
  /// every dynamic resolution lands on the static target.
  func dynamicReference(_ n: NodeID, _ keyword: String) throws(CompileError) -> NodeID {
    guard case .string(let ref)? = doc[n].object?[keyword] else {
      throw invalid(n, keyword, "must be a string")
    }
    let target = try doc.resolve(ref, from: n, keyword: keyword)
    let anchorKey = keyword == "$dynamicRef" ? "$dynamicAnchor" : "$recursiveAnchor"
    let fragment = URIReference(ref).fragment ?? ""
    var count = 0
    var stack: [JSONValue] = [doc.root]
    while let v = stack.popLast(), count < 2 {
      switch v {
      case .object(let o):
        if keyword == "$dynamicRef", o[anchorKey]?.stringValue == fragment { count += 1 }
        if keyword == "$recursiveRef", o[anchorKey] == .bool(true) { count += 1 }
        stack.append(contentsOf: o.values)
      case .array(let a): stack.append(contentsOf: a)
      default: break
      }
    }
    if count >= 2 {
      throw CompileError(
        pointer: doc[n].pointer, keyword: keyword,
        message: "\(keyword) with several dynamic anchors in the document is not supported "
          + "(its target depends on the dynamic scope)",
        kind: .unsupported)
    }
    report.set(doc[n].pointer, keyword, .enforced)
    return target
  }

  // MARK: Errors and reports

  func invalid(_ n: NodeID, _ keyword: String, _ message: String) -> CompileError {
    CompileError(pointer: doc[n].pointer, keyword: keyword, message: "\(keyword) \(message)", kind: .invalidSchema)
  }

  /// A keyword that cannot be enforced: an error in strict mode; in lenient mode it is
  /// reported as ignored and the caller over-approximates.
  func unsupported(_ n: NodeID, _ keyword: String, _ reason: String) throws(CompileError) {
    if options.strict {
      throw CompileError(pointer: doc[n].pointer, keyword: keyword, message: reason, kind: .unsupported)
    }
    report.set(doc[n].pointer, keyword, .ignored("not enforced (lenient mode): " + reason))
  }

  func approximated(_ n: NodeID, _ keyword: String, _ reason: String) {
    report.set(doc[n].pointer, keyword, .approximated(reason))
  }

  /// Records every keyword of a schema object once, as enforced, annotation or unknown;
  /// specific lowering code downgrades entries later.
  func reportKeywords(_ n: NodeID) {
    guard reported.insert(n).inserted, !doc.isSynthetic(n), let o = doc[n].object else { return }
    let d = doc[n].dialect
    let refOverrides = d <= .draft7 && o["$ref"] != nil
    let pointer = doc[n].pointer
    for key in o.keys {
      let role = KeywordTable.role(key, d)
      if refOverrides && key != "$ref" {
        if role == .annotation || key == "id" {
          report.set(pointer, key, .ignored("annotation"))
        } else {
          report.set(pointer, key, .ignored("a sibling of $ref has no effect before 2019-09"))
        }
        continue
      }
      if role == .annotation || (key == "id" && d == .draft4) {
        report.set(pointer, key, .ignored("annotation"))
      } else if role == .evaluated {
        if (key == "then" || key == "else") && o["if"] == nil {
          report.set(pointer, key, .ignored("no 'if' beside it"))
        } else if key == "format" && !options.assertFormat {
          report.set(pointer, key, .ignored("annotation (assertFormat is off)"))
        } else {
          report.set(pointer, key, .enforced)
        }
      } else {
        report.set(pointer, key, .ignored("unknown keyword (no assertion)"))
      }
    }
  }

  // MARK: Keyword values

  /// A non-negative integer keyword (`2`, `2.0`); nil when absent.
  func count(_ n: NodeID, _ o: JSONObject, _ keyword: String) throws(CompileError) -> Int? {
    guard let v = o[keyword] else { return nil }
    guard case .number(let num) = v, num.isInteger, !num.isNegative else {
      throw invalid(n, keyword, "must be a non-negative integer")
    }
    if let i = num.int64 { return Int(clamping: i) }
    return Int.max
  }

  /// Names in an array of strings.
  func names(_ n: NodeID, _ keyword: String, _ v: JSONValue) throws(CompileError) -> [String] {
    guard case .array(let items) = v else { throw invalid(n, keyword, "must be an array of strings") }
    var out: [String] = []
    for item in items {
      guard case .string(let s) = item else { throw invalid(n, keyword, "must be an array of strings") }
      out.append(s)
    }
    return out
  }
}
