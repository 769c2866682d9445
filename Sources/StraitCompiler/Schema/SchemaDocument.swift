import StraitJSON

/// A subschema of the document, by index.
struct NodeID: Hashable, Comparable {
  let raw: Int32
  static func < (a: NodeID, b: NodeID) -> Bool { a.raw < b.raw }
}

/// One subschema: where it is, its JSON, the base URI its references resolve against and
/// its dialect.
struct SchemaNode {
  let pointer: String
  let json: JSONValue
  let base: URIReference
  let dialect: SchemaDialectName

  var object: JSONObject? { json.objectValue }
}

/// The schema document: subschemas by JSON Pointer, `$id` resources and anchors, and
/// `$ref` resolution.
///
/// Only references within the document are resolved: the root's base URI, embedded `$id`
/// resources, JSON Pointer fragments and anchors (`$anchor`, `$dynamicAnchor`, and the
/// `#name` form of `$id`/`id` in older drafts). Anything else is a remote reference, which
/// the compiler rejects.
final class SchemaDocument {
  let root: JSONValue
  private(set) var nodes: [SchemaNode] = []
  private var nodeByPointer: [String: NodeID] = [:]
  private var resourceByURI: [String: String] = [:]
  private var anchorByURI: [String: String] = [:]
  private var infoByPointer: [String: (base: URIReference, dialect: SchemaDialectName)] = [:]
  private var contributesMemo: [NodeID: Bool] = [:]
  /// Two different names or patterns of the document that Swift's `String` equality
  /// (canonical equivalence) takes for one, such as "é" and "e\u{301}"; see
  /// ``noteName(_:at:keyword:)``.
  private(set) var equivalentNames: (pointer: String, keyword: String, first: String, second: String)?
  /// The non-ASCII names and patterns seen so far (ASCII strings are never canonically
  /// equivalent to a different string).
  private var nonASCIINames: [String: String] = [:]
  /// ``child(_:_:)`` and ``resolve(_:from:keyword:)`` results: lowering asks for the same
  /// children and references again at every location and expansion, and each answer
  /// built a pointer string and hashed it.
  private var childMemo: [ChildKey: NodeID?] = [:]
  private var resolveMemo: [ResolveKey: NodeID] = [:]

  /// A child: its parent and one or two tokens (every subschema is at most two below
  /// its parent: `not`, `properties/NAME`, `allOf/0`).
  private struct ChildKey: Hashable {
    var id: NodeID
    var first: String
    var second: String?
  }

  private struct ResolveKey: Hashable {
    var from: NodeID
    var ref: String
  }
  /// Schemas the compiler builds (negations): their JSON, and the base URI and dialect of
  /// the node they were built beside, and that node's ``origin(of:)``.
  private var syntheticRoots: [(json: JSONValue, base: URIReference, dialect: SchemaDialectName, origin: NodeID)] = []
  /// Nodes that are not subschemas of the document (built and views), see ``isSynthetic(_:)``.
  private var synthetic: Set<NodeID> = []
  /// The subschema of the document each built schema or view stands for (see ``origin(of:)``).
  private var origins: [NodeID: NodeID] = [:]

  /// The pointer prefix of built schemas (never a JSON Pointer of the document).
  static let syntheticPrefix = "\u{1}"

  /// The base URI of a root schema without `$id`.
  static let defaultBase = "strait:///schema.json"

  /// Keywords whose value is an object of subschemas.
  static let schemaMapKeywords: Set<String> = [
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies",
  ]
  /// Keywords whose value is an array of subschemas.
  static let schemaArrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
  /// Keywords whose value is one subschema.
  static let schemaKeywords: Set<String> = [
    "not", "if", "then", "else", "additionalProperties", "additionalItems", "items", "contains",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema",
  ]

  init(root: JSONValue, defaultDialect: SchemaDialectName) {
    self.root = root
    let base = URIReference(Self.defaultBase)
    resourceByURI[base.text] = ""
    index(root, pointer: "", base: base, dialect: defaultDialect, isRoot: true)
  }

  // MARK: Indexing

  private func index(
    _ json: JSONValue, pointer: String, base: URIReference, dialect: SchemaDialectName, isRoot: Bool
  ) {
    // An explicit stack: schemas can nest deeply.
    var work: [(JSONValue, String, URIReference, SchemaDialectName, Bool)] = [
      (json, pointer, base, dialect, isRoot)
    ]
    while let (value, ptr, parentBase, parentDialect, rootFlag) = work.popLast() {
      guard case .object(let o) = value else {
        if infoByPointer[ptr] == nil { infoByPointer[ptr] = (parentBase, parentDialect) }
        continue
      }
      var dialect = parentDialect
      let idKey = dialect == .draft4 ? "id" : "$id"
      let hasID = o[idKey]?.stringValue != nil
      if rootFlag || hasID, case .string(let s)? = o["$schema"],
        let d = SchemaDialectName(metaschemaURI: s)
      {
        dialect = d
      }
      var base = parentBase
      let idKeyword = dialect == .draft4 ? "id" : "$id"
      let refOverrides = dialect <= .draft7 && o["$ref"] != nil
      if !refOverrides, case .string(let id)? = o[idKeyword] {
        if id.hasPrefix("#") {
          if !id.dropFirst().hasPrefix("/") && id.count > 1 {
            anchorByURI[base.withoutFragment.text + id] = ptr
          }
        } else {
          let resolved = base.resolve(id)
          base = resolved.withoutFragment
          if resourceByURI[base.text] == nil { resourceByURI[base.text] = ptr }
          if let f = resolved.fragment, !f.isEmpty, !f.hasPrefix("/") {
            anchorByURI[base.text + "#" + f] = ptr
          }
        }
      }
      for anchorKey in ["$anchor", "$dynamicAnchor"] {
        if case .string(let a)? = o[anchorKey], dialect >= .draft2019_09 {
          let key = base.withoutFragment.text + "#" + a
          if anchorByURI[key] == nil { anchorByURI[key] = ptr }
        }
      }
      infoByPointer[ptr] = (base, dialect)
      noteNames(in: o, at: ptr)
      for (key, child) in o.reversed() {
        let childPtr = JSONPointer.append(ptr, key)
        if Self.schemaMapKeywords.contains(key), case .object(let members) = child {
          for (name, sub) in members.reversed() {
            noteName(name, at: ptr, keyword: key)
            work.append((sub, JSONPointer.append(childPtr, name), base, dialect, false))
          }
        } else if Self.schemaArrayKeywords.contains(key), case .array(let items) = child {
          for (i, sub) in items.enumerated().reversed() {
            work.append((sub, JSONPointer.append(childPtr, String(i)), base, dialect, false))
          }
        } else if Self.schemaKeywords.contains(key) {
          work.append((child, childPtr, base, dialect, false))
        }
      }
    }
  }

  /// Member names and patterns of one schema object that the compiler keys by `String`:
  /// `required`, `dependentRequired` and `dependencies` names, `pattern`, and the member names of object
  /// `enum`/`const` values (map keywords' names are noted by ``index``).
  private func noteNames(in o: JSONObject, at ptr: String) {
    if case .array(let names)? = o["required"] {
      for case .string(let n) in names { noteName(n, at: ptr, keyword: "required") }
    }
    for keyword in ["dependentRequired", "dependencies"] {
      guard case .object(let m)? = o[keyword] else { continue }
      for (_, v) in m {
        for case .string(let n) in v.arrayValue ?? [] { noteName(n, at: ptr, keyword: keyword) }
      }
    }
    if case .string(let p)? = o["pattern"] { noteName(p, at: ptr, keyword: "pattern") }
    var values: [JSONValue] = o["enum"]?.arrayValue ?? []
    if let c = o["const"] { values.append(c) }
    while let v = values.popLast() {
      switch v {
      case .object(let members):
        for (name, member) in members {
          noteName(name, at: ptr, keyword: "enum")
          values.append(member)
        }
      case .array(let items): values.append(contentsOf: items)
      default: break
      }
    }
  }

  /// Records the first pair of different strings that are canonically equivalent: the
  /// compiler's tables would merge them (two members or patterns lowered as one), so
  /// such a schema is refused rather than compiled wrong.
  private func noteName(_ name: String, at ptr: String, keyword: String) {
    guard equivalentNames == nil, !name.utf8.allSatisfy({ $0 < 0x80 }) else { return }
    if let seen = nonASCIINames[name] {
      if !seen.utf8.elementsEqual(name.utf8) { equivalentNames = (ptr, keyword, seen, name) }
    } else {
      nonASCIINames[name] = name
    }
  }

  // MARK: Nodes

  /// The node at `pointer`, created on first use; nil when nothing is there.
  func node(at pointer: String) -> NodeID? {
    if let id = nodeByPointer[pointer] { return id }
    if pointer.hasPrefix(Self.syntheticPrefix) { return syntheticNode(at: pointer) }
    guard let json = JSONPointer.resolve(pointer, in: root) else { return nil }
    return addNode(at: pointer, json: json)
  }

  /// A new node for the document's subschema `json` at `pointer`.
  private func addNode(at pointer: String, json: JSONValue) -> NodeID {
    let info = self.info(at: pointer)
    let id = NodeID(raw: Int32(nodes.count))
    nodes.append(SchemaNode(pointer: pointer, json: json, base: info.base, dialect: info.dialect))
    nodeByPointer[pointer] = id
    return id
  }

  subscript(_ id: NodeID) -> SchemaNode { nodes[Int(id.raw)] }

  // MARK: Built schemas

  /// A schema built by the compiler, evaluated like a subschema written beside `neighbour`
  /// (its dialect and base URI). It may refer to nodes with `{"$strait-node": "ID"}`
  /// (in place, like `allOf`) and `{"$strait-not": "ID"}` (the complement).
  func makeSchema(_ json: JSONValue, like neighbour: NodeID) -> NodeID {
    let o = self[neighbour]
    let source = origin(of: neighbour)
    syntheticRoots.append((json, o.base, o.dialect, source))
    let pointer = Self.syntheticPrefix + String(syntheticRoots.count - 1)
    let id = NodeID(raw: Int32(nodes.count))
    nodes.append(SchemaNode(pointer: pointer, json: json, base: o.base, dialect: o.dialect))
    nodeByPointer[pointer] = id
    synthetic.insert(id)
    origins[id] = source
    return id
  }

  /// A view of the schema object `shown` with only the keywords `keep`: its subschemas
  /// are `shown`'s own (it has `shown`'s pointer).
  func view(of shown: NodeID, keeping keep: [String]) -> NodeID {
    let o = self[shown]
    var filtered = JSONObject()
    if case .object(let members) = o.json {
      for (k, v) in members where keep.contains(k) { filtered[k] = v }
    }
    let id = NodeID(raw: Int32(nodes.count))
    nodes.append(SchemaNode(pointer: o.pointer, json: .object(filtered), base: o.base, dialect: o.dialect))
    synthetic.insert(id)
    origins[id] = origin(of: shown)
    return id
  }

  /// The subschema of the document that `id` stands for: `id` itself for a subschema, the
  /// schema a view shows or a built schema was built beside (for the negation of a
  /// subschema: that subschema), followed back to the document. A node inside a built
  /// schema stands for the same subschema as the built schema.
  func origin(of id: NodeID) -> NodeID {
    origins[id] ?? id
  }

  /// Whether `id` is a schema the compiler built (``makeSchema(_:like:)``) or a view, not
  /// a node inside one.
  func isBuiltRoot(_ id: NodeID) -> Bool {
    synthetic.contains(id)
  }

  /// Whether `id` was built by the compiler (``makeSchema(_:like:)``, ``view(of:keeping:)``)
  /// or lies inside such a schema.
  func isSynthetic(_ id: NodeID) -> Bool {
    synthetic.contains(id) || self[id].pointer.hasPrefix(Self.syntheticPrefix)
  }

  private func syntheticNode(at pointer: String) -> NodeID? {
    let rest = pointer.dropFirst(Self.syntheticPrefix.count)
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    guard let i = Int(rest[..<slash]), i < syntheticRoots.count else { return nil }
    let r = syntheticRoots[i]
    guard let json = JSONPointer.resolve(String(rest[slash...]), in: r.json) else { return nil }
    let id = NodeID(raw: Int32(nodes.count))
    nodes.append(SchemaNode(pointer: pointer, json: json, base: r.base, dialect: r.dialect))
    nodeByPointer[pointer] = id
    origins[id] = r.origin
    return id
  }

  /// The subschema under `keyword` of `id`, if present.
  func child(_ id: NodeID, _ keyword: String) -> NodeID? {
    child(ChildKey(id: id, first: keyword, second: nil))
  }

  /// The subschema under `keyword`/`name` of `id` (`properties/NAME`, `allOf/0`), if present.
  func child(_ id: NodeID, _ keyword: String, _ name: String) -> NodeID? {
    child(ChildKey(id: id, first: keyword, second: name))
  }

  private func child(_ key: ChildKey) -> NodeID? {
    if let known = childMemo[key] { return known }
    let parent = self[key.id]
    let tokens = key.second.map { [key.first, $0] } ?? [key.first]
    var p = parent.pointer
    for t in tokens { p = JSONPointer.append(p, t) }
    let result: NodeID?
    if let known = nodeByPointer[p] {
      result = known
    } else if !isSynthetic(key.id) {
      // Descends from the parent's JSON instead of resolving the whole pointer from the
      // root. (A view's JSON lacks keywords that its pointer's subschema has: those go
      // through the root.)
      result = JSONPointer.resolve(tokens: tokens, in: parent.json).map { addNode(at: p, json: $0) }
    } else {
      result = node(at: p)
    }
    childMemo[key] = result
    return result
  }

  private func info(at pointer: String) -> (base: URIReference, dialect: SchemaDialectName) {
    var p = pointer
    while true {
      if let i = infoByPointer[p] { return i }
      guard let slash = p.lastIndex(of: "/") else { break }
      p = String(p[..<slash])
    }
    return infoByPointer[""] ?? (URIReference(Self.defaultBase), .draft2020_12)
  }

  /// Whether a subschema constrains anything by itself (beyond pointing elsewhere with
  /// `$ref`): `false`, or an object with a keyword its dialect evaluates. Pure `$ref`
  /// wrappers and annotation-only objects do not, so lowering results and locations can
  /// be shared between the places that refer to one definition.
  func contributes(_ id: NodeID) -> Bool {
    if let c = contributesMemo[id] { return c }
    let node = self[id]
    let result: Bool
    switch node.json {
    case .bool(let b): result = !b
    case .object(let o):
      if o["$strait-not"] != nil {
        result = true
      } else if node.dialect <= .draft7 && o["$ref"] != nil {
        result = false
      } else {
        result = o.keys.contains { k in
          k != "$ref" && k != "$dynamicRef" && k != "$recursiveRef" && KeywordTable.isKnown(k, node.dialect)
        }
      }
    default: result = true
    }
    contributesMemo[id] = result
    return result
  }

  // MARK: References

  /// Resolves a `$ref` (or `$dynamicRef`/`$recursiveRef`, statically) written in `from`.
  ///
  /// - Throws: ``CompileError`` naming `keyword` at `from` when the reference leaves the
  ///   document or points at nothing.
  func resolve(_ ref: String, from: NodeID, keyword: String) throws(CompileError) -> NodeID {
    let key = ResolveKey(from: from, ref: ref)
    if let known = resolveMemo[key] { return known }
    let id = try resolveUncached(ref, from: from, keyword: keyword)
    resolveMemo[key] = id
    return id
  }

  private func resolveUncached(_ ref: String, from: NodeID, keyword: String) throws(CompileError) -> NodeID {
    let node = self[from]
    let target = node.base.resolve(ref)
    let doc = target.withoutFragment.text
    let fragment = (target.fragment ?? "").percentDecoded
    guard let resourcePointer = resourceByURI[doc] else {
      throw CompileError(
        pointer: node.pointer, keyword: keyword,
        message: "cannot resolve \(keyword) \(JSONSerializer.quote(ref)): remote references "
          + "(\(doc)) are not supported; only references within the schema document",
        kind: .unsupported)
    }
    let pointer: String?
    if fragment.isEmpty {
      pointer = resourcePointer
    } else if fragment.hasPrefix("/") {
      pointer = resourcePointer + fragment
    } else {
      pointer = anchorByURI[doc + "#" + fragment]
    }
    guard let pointer, let id = self.node(at: pointer) else {
      throw CompileError(
        pointer: node.pointer, keyword: keyword,
        message: "cannot resolve \(keyword) \(JSONSerializer.quote(ref)): no schema is there",
        kind: .invalidSchema)
    }
    return id
  }
}
