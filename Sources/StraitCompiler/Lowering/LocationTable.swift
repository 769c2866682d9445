import StraitJSON

/// An instance position class: all subschemas that may apply to the values at one place
/// of the instance (through any in-place applicator), and the member order derived from
/// them.
struct LocationID: Hashable {
  let raw: Int32
}

/// Computes *locations*: the full applicator closure of the subschemas at one instance
/// position, and its canonical object member order.
///
/// **Property order rule.** At each instance position, the member names mentioned by the
/// applicable subschemas — `properties` names first, in a depth-first walk of the
/// subschemas in the order written (a schema's own keywords in written order, following
/// `$ref`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else` and `dependentSchemas`),
/// then names only mentioned by `required`, `dependentRequired`, `dependencies`,
/// `dependentSchemas` or object `enum`/`const` values — come first, in that order, each
/// at most once; other members (additional and pattern properties) follow, in any order.
/// Optional members may be skipped. Every lowered term for one position uses the same
/// order, which makes `allOf`, `not` and `oneOf` exact.
struct LocationTable {
  let doc: SchemaDocument

  struct Info {
    var members: [NodeID]
    var objects: [(id: NodeID, object: JSONObject, dialect: SchemaDialectName)]
    var keys: [String]
    var keyIndex: [String: Int]
    var keyChildren: [String: LocationID] = [:]
    var additional: LocationID?
    var items: LocationID?
  }

  private var byMembers: [[NodeID]: LocationID] = [:]
  private(set) var infos: [Info] = []

  init(document: SchemaDocument) {
    self.doc = document
  }

  subscript(_ id: LocationID) -> Info { infos[Int(id.raw)] }

  /// The location of the values to which `nodes` apply.
  mutating func location(of nodes: [NodeID]) throws(CompileError) -> LocationID {
    var members: [NodeID] = []
    var objects: [(id: NodeID, object: JSONObject, dialect: SchemaDialectName)] = []
    var seen: Set<NodeID> = []
    var work = Array(nodes.reversed())
    while let n = work.popLast() {
      guard seen.insert(n).inserted else { continue }
      members.append(n)
      let node = doc[n]
      guard case .object(let o) = node.json else { continue }
      var next: [NodeID] = []
      if case .string(let ref)? = o["$ref"] {
        next.append(try doc.resolve(ref, from: n, keyword: "$ref"))
        if node.dialect <= .draft7 {
          work.append(contentsOf: next.reversed())
          continue
        }
      }
      objects.append((n, o, node.dialect))
      for kw in ["$dynamicRef", "$recursiveRef"] {
        if case .string(let ref)? = o[kw], KeywordTable.isKnown(kw, node.dialect) {
          next.append(try doc.resolve(ref, from: n, keyword: kw))
        }
      }
      for (key, value) in o {
        switch key {
        case "allOf", "anyOf", "oneOf":
          if case .array(let items) = value {
            for i in items.indices { if let c = doc.child(n, key, String(i)) { next.append(c) } }
          }
        case "not", "if", "then", "else":
          if KeywordTable.isKnown(key, node.dialect), let c = doc.child(n, key) { next.append(c) }
        case "dependentSchemas", "dependencies":
          if case .object(let m) = value {
            for (name, dep) in m where dep.arrayValue == nil {
              if let c = doc.child(n, key, name) { next.append(c) }
            }
          }
        default: break
        }
      }
      work.append(contentsOf: next.reversed())
    }
    let key = members.filter { doc.contributes($0) }.sorted()
    if let id = byMembers[key] { return id }
    var keys: [String] = []
    var index: [String: Int] = [:]
    func add(_ k: String) {
      if index[k] == nil {
        index[k] = keys.count
        keys.append(k)
      }
    }
    for (_, o, _) in objects {
      if case .object(let props)? = o["properties"] { for k in props.keys { add(k) } }
    }
    for (_, o, d) in objects {
      if case .array(let req)? = o["required"] { for case .string(let k) in req { add(k) } }
      for kw in ["dependentRequired", "dependencies", "dependentSchemas"] {
        guard case .object(let m)? = o[kw], KeywordTable.isKnown(kw, d) else { continue }
        for (k, v) in m {
          add(k)
          if case .array(let names) = v { for case .string(let s) in names { add(s) } }
        }
      }
      var values: [JSONValue] = []
      if let c = o["const"], d >= .draft6 { values.append(c) }
      if case .array(let e)? = o["enum"] { values.append(contentsOf: e) }
      for case .object(let obj) in values { for k in obj.keys { add(k) } }
    }
    let id = LocationID(raw: Int32(infos.count))
    infos.append(Info(members: members, objects: objects, keys: keys, keyIndex: index))
    byMembers[key] = id
    return id
  }

  /// The location of the value of member `key` (one of the location's keys or not).
  mutating func child(_ loc: LocationID, key: String) throws(CompileError) -> LocationID {
    if let c = self[loc].keyChildren[key] { return c }
    var nodes: [NodeID] = []
    for (n, o, _) in self[loc].objects {
      var declared = false
      if case .object(let props)? = o["properties"], props[key] != nil {
        declared = true
        if let c = doc.child(n, "properties", key) { nodes.append(c) }
      }
      // Pattern schemas are included whether they match or not: the location only
      // decides member order below, so over-inclusion is harmless.
      if case .object(let pats)? = o["patternProperties"] {
        for p in pats.keys { if let c = doc.child(n, "patternProperties", p) { nodes.append(c) } }
      }
      if !declared {
        for kw in ["additionalProperties", "unevaluatedProperties"] where o[kw] != nil {
          if let c = doc.child(n, kw) { nodes.append(c) }
        }
      }
    }
    let id = try location(of: nodes)
    infos[Int(loc.raw)].keyChildren[key] = id
    return id
  }

  /// The location of the values of members not among the location's keys.
  mutating func additionalChild(_ loc: LocationID) throws(CompileError) -> LocationID {
    if let c = self[loc].additional { return c }
    var nodes: [NodeID] = []
    for (n, o, _) in self[loc].objects {
      if case .object(let pats)? = o["patternProperties"] {
        for p in pats.keys { if let c = doc.child(n, "patternProperties", p) { nodes.append(c) } }
      }
      for kw in ["additionalProperties", "unevaluatedProperties"] where o[kw] != nil {
        if let c = doc.child(n, kw) { nodes.append(c) }
      }
    }
    let id = try location(of: nodes)
    infos[Int(loc.raw)].additional = id
    return id
  }

  /// The location of array items (one location for every index).
  mutating func itemsChild(_ loc: LocationID) throws(CompileError) -> LocationID {
    if let c = self[loc].items { return c }
    var nodes: [NodeID] = []
    for (n, o, _) in self[loc].objects {
      for kw in ["prefixItems", "items"] {
        if case .array(let a)? = o[kw] {
          for i in a.indices { if let c = doc.child(n, kw, String(i)) { nodes.append(c) } }
        } else if o[kw] != nil, kw == "items", let c = doc.child(n, kw) {
          nodes.append(c)
        }
      }
      for kw in ["additionalItems", "contains", "unevaluatedItems"] where o[kw] != nil {
        if let c = doc.child(n, kw) { nodes.append(c) }
      }
    }
    let id = try location(of: nodes)
    infos[Int(loc.raw)].items = id
    return id
  }
}
