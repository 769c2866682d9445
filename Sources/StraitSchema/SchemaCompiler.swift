import StraitJSON
import StraitPCRE2

/// A compiled resource for dynamic scope lookups.
struct CompiledResource {
  var root: NodeRef?
  var dynamicAnchors: [String: NodeRef] = [:]
  var recursiveAnchor = false
}

/// Everything a validation run needs besides the root node.
final class CompiledProgram: @unchecked Sendable {
  /// Owns every node (nodes link to each other without ownership).
  let nodes: [SchemaNode]
  let resources: [CompiledResource]
  /// Whether any `$dynamicRef`/`$recursiveRef` needs the dynamic scope tracked.
  let tracksDynamicScope: Bool
  let index: SchemaIndex
  /// The nodes' keyword lists (see ``SchemaNode/keywordsByKind``).
  let keywords: KeywordArena

  init(nodes: [SchemaNode], resources: [CompiledResource], tracksDynamicScope: Bool, index: SchemaIndex) {
    self.nodes = nodes
    self.keywords = KeywordArena(nodes, forwardsReferences: !tracksDynamicScope)
    self.resources = resources
    self.tracksDynamicScope = tracksDynamicScope
    self.index = index
  }
}

/// Turns schema JSON into ``SchemaNode``s.
struct SchemaCompiler {
  let options: JSONSchema.Options
  var index: SchemaIndex
  var nodes: [SchemaLocation: SchemaNode] = [:]
  var allNodes: [SchemaNode] = []
  /// By exact source: patterns `é` and `e\u{301}` match different strings.
  var patternCache: [ExactName: CompiledPattern] = [:]
  var usesDynamicScope = false
  var rootDialect: SchemaDialect = .draft2020_12
  var rootBase = ""

  init(options: JSONSchema.Options) {
    self.options = options
    self.index = SchemaIndex(registry: options.registry, defaultDialect: options.dialect ?? .draft2020_12)
  }

  /// Compiles the root schema and everything it reaches.
  mutating func compileRoot(_ json: JSONValue) throws(SchemaError) -> (SchemaNode, CompiledProgram) {
    guard json.objectValue != nil || json.boolValue != nil else {
      throw SchemaError(pointer: "", message: "a schema must be an object or a Boolean, got \(json.typeName)")
    }
    let uri = options.baseURI ?? ""
    let doc = try index.addDocument(json, uri: uri, dialect: options.dialect ?? .draft2020_12)
    let rootLocation = SchemaLocation(document: doc, pointer: "")
    let info = index.info(for: rootLocation)
    rootDialect = info.dialect
    rootBase = info.base
    let root = try node(at: rootLocation)
    // Dynamic anchors of every resource that evaluation can enter must be compiled.
    var compiledResources = [CompiledResource](repeating: CompiledResource(), count: 0)
    if usesDynamicScope {
      var done = 0
      while done < allNodes.count {
        let entered = Set(allNodes[done...].map(\.resource))
        done = allNodes.count
        for r in entered.sorted() {
          for (_, pointer) in index.resources[r].dynamicAnchors {
            _ = try node(at: SchemaLocation(document: index.resources[r].location.document, pointer: pointer))
          }
          _ = try node(at: index.resources[r].location)
        }
      }
    }
    compiledResources = index.resources.map { info in
      var c = CompiledResource()
      c.recursiveAnchor = info.recursiveAnchor
      if let n = nodes[info.location] { c.root = NodeRef(n) }
      for (name, pointer) in info.dynamicAnchors {
        if let n = nodes[SchemaLocation(document: info.location.document, pointer: pointer)] {
          c.dynamicAnchors[name] = NodeRef(n)
        }
      }
      return c
    }
    try checkReferenceCycles()
    let program = CompiledProgram(
      nodes: allNodes, resources: compiledResources, tracksDynamicScope: usesDynamicScope, index: index)
    return (root, program)
  }

  /// Resolves a reference to schema JSON and its base URI.
  mutating func resolveToJSON(_ ref: String, base: String) throws(SchemaError) -> (JSONValue, String)? {
    guard let location = try index.resolve(ref, base: base, dialect: rootDialect),
      let value = index.value(at: location)
    else { return nil }
    return (value, index.info(for: location).base)
  }

  // MARK: Nodes

  /// The node for a location, compiling it on first use.
  mutating func node(at location: SchemaLocation) throws(SchemaError) -> SchemaNode {
    if let n = nodes[location] { return n }
    let info = index.info(for: location)
    guard let value = index.value(at: location) else {
      throw error(location, "no schema at this location")
    }
    let absolute: String? = URIReference(info.base).isAbsolute ? info.base + "#" + info.resourcePointer : nil
    let n = SchemaNode(documentPointer: location.pointer, absoluteLocation: absolute, resource: info.resource)
    nodes[location] = n
    allNodes.append(n)
    switch value {
    case .bool(let b):
      n.constant = b
    case .object(let object):
      var builder = KeywordBuilder(location: location, info: info, object: object, node: n)
      try compileKeywords(&builder)
      n.setKeywords(builder.keywords)
      n.hasUnevaluated = builder.hasUnevaluated
      if builder.keywords.isEmpty { n.constant = true }
    default:
      throw error(location, "a schema must be an object or a Boolean, got \(value.typeName)")
    }
    return n
  }

  func error(_ location: SchemaLocation, _ message: String) -> SchemaError {
    let uri = index.documents[location.document].uri
    return SchemaError(pointer: location.pointer, documentURI: uri.isEmpty ? nil : uri, message: message)
  }

  /// The node for a subschema below `location`.
  mutating func subschema(_ location: SchemaLocation, _ tokens: String...) throws(SchemaError) -> NodeRef {
    var pointer = location.pointer
    for t in tokens { pointer = JSONPointer.append(pointer, t) }
    let sub = SchemaLocation(document: location.document, pointer: pointer)
    guard let value = index.value(at: sub), value.objectValue != nil || value.boolValue != nil else {
      let got = index.value(at: sub)?.typeName ?? "nothing"
      throw error(sub, "a schema must be an object or a Boolean, got \(got)")
    }
    return NodeRef(try node(at: sub))
  }

  /// Compiles (once) an ECMA-262 pattern; `location` names it in errors.
  mutating func pattern(_ source: String, at location: SchemaLocation) throws(SchemaError) -> CompiledPattern {
    if let p = patternCache[ExactName(source)] { return p }
    do {
      let regex = try ECMARegex.compile(source, matchLimit: CompiledPattern.matchLimit)
      let p = CompiledPattern(source: source, regex: regex)
      patternCache[ExactName(source)] = p
      return p
    } catch {
      throw self.error(location, "invalid regular expression \(JSONSerializer.serialize(.string(source))): \(error)")
    }
  }

  // MARK: Cycles

  /// Rejects `$ref`/`allOf` cycles: evaluating them never consumes the instance, so
  /// they would recurse forever (`{"$ref": "#"}`).
  func checkReferenceCycles() throws(SchemaError) {
    var state: [ObjectIdentifier: UInt8] = [:]  // 1 = on stack, 2 = done
    func edges(_ n: SchemaNode) -> [SchemaNode] {
      var out: [SchemaNode] = []
      for k in n.keywords {
        switch k {
        case .ref(let r): out.append(r.node)
        case .allOf(let rs): out.append(contentsOf: rs.object.value.map(\.node))
        default: break
        }
      }
      return out
    }
    for start in allNodes where state[ObjectIdentifier(start)] == nil {
      // Iterative DFS: (node, its successors, next successor index).
      var stack: [(SchemaNode, [SchemaNode], Int)] = [(start, edges(start), 0)]
      state[ObjectIdentifier(start)] = 1
      while let (n, succ, i) = stack.last {
        if i < succ.count {
          stack[stack.count - 1].2 += 1
          let m = succ[i]
          switch state[ObjectIdentifier(m)] {
          case nil:
            state[ObjectIdentifier(m)] = 1
            stack.append((m, edges(m), 0))
          case 1:
            let cycle = stack.drop(while: { $0.0 !== m }).map { "#" + $0.0.documentPointer } + ["#" + m.documentPointer]
            throw SchemaError(
              pointer: n.documentPointer,
              message: "$ref cycle that never consumes the instance: " + cycle.joined(separator: " -> "))
          default:
            break
          }
        } else {
          state[ObjectIdentifier(n)] = 2
          stack.removeLast()
        }
      }
    }
  }
}
