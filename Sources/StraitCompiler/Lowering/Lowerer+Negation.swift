import StraitJSON

extension Lowerer {
  /// The most disjuncts a negation may have (beyond it the complement is built instead).
  static let maxNegationDisjuncts = 48

  /// The complement of a subschema as a union of positive schemas (a DNF), pushed through
  /// the keywords: `¬(k1 ∧ k2 ∧ …) = ¬k1 ∨ ¬k2 ∨ …`, and each keyword negated on the kind it
  /// constrains — `¬required: [a]` is "objects without `a`", `¬properties: {p: S}` is
  /// "objects with `p` whose value is in `¬S`", `¬minItems: n` is `maxItems: n-1`,
  /// `¬anyOf` is the product of the branches' negations, `¬not: S` is `S`.
  ///
  /// Each disjunct is a schema built beside `n` (``SchemaDocument/makeSchema(_:like:)``),
  /// lowered like any subschema, so a disjunct that only says "objects without `a`" leaves
  /// the other members to the schemas it is merged with. A complement of a lowered
  /// language can only be taken within the values nested as deep as that language is
  /// exact, which rejected deep valid documents. Keywords without a positive negation
  /// (patterns, formats, number bounds, `items`, `oneOf`, …) become one disjunct
  /// `{"type": K, "$strait-not": view}`: the complement of just those keywords, exact for
  /// scalars and depth-bounded for containers as before.
  ///
  /// - Returns: disjuncts whose union is exactly the complement of `n`; nil when there
  ///   would be more than ``maxNegationDisjuncts``.
  func negation(of n: NodeID, depth: Int = 0) throws(CompileError) -> [NodeID]? {
    if let m = negationMemo[n] { return m }
    let r = try buildNegation(n, depth: depth)
    negationMemo[n] = r
    return r
  }

  private func buildNegation(_ n: NodeID, depth: Int) throws(CompileError) -> [NodeID]? {
    let node = doc[n]
    guard depth < 6 else { return [notNode(n)] }
    switch node.json {
    case .bool(let b): return b ? [] : [schema([:], like: n)]
    case .object: break
    default: return nil
    }
    guard let o = node.object else { return nil }
    let d = node.dialect
    if d <= .draft7, case .string(let ref)? = o["$ref"] {
      return try negation(of: try doc.resolve(ref, from: n, keyword: "$ref"), depth: depth + 1)
    }
    // `unevaluated*` depends on every in-place applicator: no split.
    if d >= .draft2019_09, o["unevaluatedProperties"] != nil || o["unevaluatedItems"] != nil {
      return [notNode(n)]
    }

    var out: [NodeID] = []
    var numberKeys: [String] = []
    var stringKeys: [String] = []
    var arrayKeys: [String] = []
    var objectKeys: [String] = []
    var otherKeys: [String] = []
    func add(_ list: [NodeID]) { out.append(contentsOf: list) }

    // Built schemas: a node in place, and the complement of one (¬¬S = S).
    if case .string(let target)? = o["$strait-node"], let t = Int32(target) {
      guard let neg = try negation(of: NodeID(raw: t), depth: depth + 1) else { return nil }
      add(neg)
    }
    if case .string(let target)? = o["$strait-not"], let t = Int32(target) {
      add([reference(NodeID(raw: t), like: n)])
    }

    for (key, value) in o where KeywordTable.role(key, d) == .evaluated {
      switch key {
      case "type":
        var names: [String] = []
        switch value {
        case .string(let s): names = [s]
        case .array(let a): for case .string(let s) in a { names.append(s) }
        default: return nil
        }
        var missing = ["null", "boolean", "string", "array", "object"].filter { !names.contains($0) }
        if !names.contains("number") {
          if names.contains("integer") {
            // Numbers that are not integers (draft-04: also `1.0`).
            let integer = schema(["type": .string("integer")], like: n)
            add([schema(["type": .string("number"), "$strait-not": ref(integer)], like: n)])
          } else {
            missing.append("number")
          }
        }
        if !missing.isEmpty {
          add([schema(["type": .array(missing.map { .string($0) })], like: n)])
        }
      case "enum":
        otherKeys.append(key)
      case "const" where d >= .draft6:
        otherKeys.append(key)
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
        numberKeys.append(key)
      case "minLength", "maxLength", "pattern", "format":
        stringKeys.append(key)
      case "required":
        guard case .array(let names) = value else { return nil }
        for case .string(let name) in names {
          add([schema(["type": .string("object"), "properties": .object([name: .bool(false)])], like: n)])
        }
      case "properties":
        guard case .object(let props) = value else { return nil }
        for (name, sub) in props where sub != .bool(true) && sub != .object([:]) {
          guard let child = doc.child(n, "properties", name) else { return nil }
          add([
            schema(
              [
                "type": .string("object"), "required": .array([.string(name)]),
                "properties": .object([name: .object(["not": .object(["$strait-node": ref(child)])])]),
              ], like: n)
          ])
        }
      case "minProperties", "maxProperties", "minItems", "maxItems":
        guard let k = try count(n, o, key) else { return nil }
        let isObject = key.hasSuffix("Properties")
        let kind = isObject ? "object" : "array"
        if key.hasPrefix("min") {
          if k > 0 {
            add([schema(["type": .string(kind), (isObject ? "maxProperties" : "maxItems"): .number(JSONNumber(k - 1))], like: n)])
          }
        } else if k < Int.max {
          add([schema(["type": .string(kind), (isObject ? "minProperties" : "minItems"): .number(JSONNumber(k + 1))], like: n)])
        }
      case "dependentRequired", "dependencies", "dependentSchemas":
        guard case .object(let m) = value else { return nil }
        for (name, dep) in m {
          if case .array(let list) = dep {
            guard key != "dependentSchemas" else { return nil }
            for case .string(let other) in list where other != name {
              add([
                schema(
                  [
                    "type": .string("object"), "required": .array([.string(name)]),
                    "properties": .object([other: .bool(false)]),
                  ], like: n)
              ])
            }
          } else {
            guard key != "dependentRequired", let child = doc.child(n, key, name) else { return nil }
            add([
              schema(
                [
                  "type": .string("object"), "required": .array([.string(name)]),
                  "not": .object(["$strait-node": ref(child)]),
                ], like: n)
            ])
          }
        }
      case "not":
        guard let child = doc.child(n, "not") else { return nil }
        add([reference(child, like: n)])
      case "allOf":
        guard case .array(let items) = value else { return nil }
        for i in items.indices {
          guard let child = doc.child(n, "allOf", String(i)) else { return nil }
          guard let neg = try negation(of: child, depth: depth + 1) else { return nil }
          add(neg)
        }
      case "$ref":
        let target = try doc.resolve(value.stringValue ?? "", from: n, keyword: "$ref")
        guard let neg = try negation(of: target, depth: depth + 1) else { return nil }
        add(neg)
      case "anyOf":
        guard case .array(let items) = value else { return nil }
        var product: [[NodeID]] = [[]]
        var ok = true
        for i in items.indices {
          guard let child = doc.child(n, "anyOf", String(i)), let neg = try negation(of: child, depth: depth + 1),
            product.count * neg.count <= Self.maxNegationDisjuncts
          else {
            ok = false
            break
          }
          product = product.flatMap { p in neg.map { p + [$0] } }
        }
        if ok {
          add(product.map { conjunctionNode($0, like: n) })
        } else {
          otherKeys.append(key)
        }
      case "if":
        // ¬((if ∧ then) ∨ (¬if ∧ else)) = (if ∧ ¬then) ∨ (¬if ∧ ¬else).
        guard let cond = doc.child(n, "if") else { return nil }
        let thenNode = o["then"] != nil ? doc.child(n, "then") : nil
        let elseNode = o["else"] != nil ? doc.child(n, "else") : nil
        if thenNode == nil && elseNode == nil { continue }
        var parts: [NodeID] = []
        var ok = true
        if let t = thenNode {
          if let neg = try negation(of: t, depth: depth + 1) {
            parts += neg.map { conjunctionNode([cond, $0], like: n) }
          } else {
            ok = false
          }
        } else {
          // No `then`: (if ∧ true) is never violated.
        }
        if let e = elseNode {
          if let negIf = try negation(of: cond, depth: depth + 1), let negElse = try negation(of: e, depth: depth + 1),
            negIf.count * negElse.count <= Self.maxNegationDisjuncts
          {
            for a in negIf { for b in negElse { parts.append(conjunctionNode([a, b], like: n)) } }
          } else {
            ok = false
          }
        }
        if ok { add(parts) } else { otherKeys += ["if", "then", "else"].filter { o[$0] != nil } }
      case "then", "else":
        continue
      case "items", "prefixItems", "additionalItems", "contains", "minContains", "maxContains", "uniqueItems":
        arrayKeys.append(key)
      case "patternProperties", "additionalProperties", "propertyNames":
        objectKeys.append(key)
      default:
        otherKeys.append(key)
      }
      if out.count > Self.maxNegationDisjuncts { return nil }
    }
    if !numberKeys.isEmpty {
      add([schema(["type": .string("number"), "$strait-not": ref(doc.view(of: n, keeping: numberKeys))], like: n)])
    }
    if !stringKeys.isEmpty {
      add([schema(["type": .string("string"), "$strait-not": ref(doc.view(of: n, keeping: stringKeys))], like: n)])
    }
    if !arrayKeys.isEmpty {
      add([schema(["type": .string("array"), "$strait-not": ref(doc.view(of: n, keeping: arrayKeys))], like: n)])
    }
    if !objectKeys.isEmpty {
      // `additionalProperties` depends on `properties` and `patternProperties`.
      let keep = objectKeys + ["properties", "patternProperties"].filter { o[$0] != nil && !objectKeys.contains($0) }
      add([schema(["type": .string("object"), "$strait-not": ref(doc.view(of: n, keeping: keep))], like: n)])
    }
    if !otherKeys.isEmpty {
      add([schema(["$strait-not": ref(doc.view(of: n, keeping: otherKeys))], like: n)])
    }
    return out.count > Self.maxNegationDisjuncts ? nil : out
  }

  private func ref(_ id: NodeID) -> JSONValue { .string(String(id.raw)) }

  private func schema(_ members: JSONObject, like n: NodeID) -> NodeID {
    doc.makeSchema(.object(members), like: n)
  }

  /// `{"$strait-node": id}`: the schema `id` itself.
  private func reference(_ id: NodeID, like n: NodeID) -> NodeID {
    schema(["$strait-node": ref(id)], like: n)
  }

  /// `{"$strait-not": id}`: the complement of `id`'s lowered language.
  private func notNode(_ id: NodeID) -> NodeID {
    schema(["$strait-not": ref(id)], like: id)
  }

  /// The conjunction of `ids` as one schema.
  private func conjunctionNode(_ ids: [NodeID], like n: NodeID) -> NodeID {
    if ids.count == 1 { return ids[0] }
    return schema(["allOf": .array(ids.map { .object(["$strait-node": ref($0)]) })], like: n)
  }
}
