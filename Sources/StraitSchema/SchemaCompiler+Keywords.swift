import StraitJSON

/// The keywords of one schema object being compiled.
struct KeywordBuilder {
  let location: SchemaLocation
  let info: LocationInfo
  let object: JSONObject
  /// The node being compiled (it keeps the keywords' payloads alive).
  let node: SchemaNode
  var keywords: [Keyword] = []
  var late: [Keyword] = []
  var hasUnevaluated = false

  var dialect: SchemaDialect { info.dialect }

  /// A payload link for a keyword of this node (see ``SchemaNode/keep(_:)``).
  func keep<Object: AnyObject>(_ object: Object) -> Payload<Object> { node.keep(object) }

  func pointer(_ keyword: String) -> SchemaLocation {
    SchemaLocation(document: location.document, pointer: JSONPointer.append(location.pointer, keyword))
  }
}

extension SchemaCompiler {
  /// Compiles every keyword of `b.object` that the dialect and vocabularies define.
  mutating func compileKeywords(_ b: inout KeywordBuilder) throws(SchemaError) {
    let o = b.object
    let d = b.dialect
    let vocab = b.info.vocabulary

    // Drafts 4-7: `$ref` replaces the whole schema.
    if d.refOverridesSiblings, let ref = o["$ref"] {
      try compileRef(ref, &b)
      return
    }
    if vocab.validation { try compileValidation(&b) }
    if let v = o["format"] {
      // The format vocabulary is separate from validation (2020-12 format-assertion).
      guard case .string(let name) = v else { throw typeError(b, "format", "a string", v) }
      if options.assertFormat || vocab.formatAssertion, let check = FormatCheckers.checker(for: name, dialect: d) {
        b.keywords.append(.format(b.keep(Boxed((name: name, check: check)))))
      }
    }
    if vocab.applicator { try compileApplicators(&b) }
    if let ref = o["$ref"] { try compileRef(ref, &b) }
    if d == .draft2020_12, let dyn = o["$dynamicRef"] {
      guard case .string(let s) = dyn else { throw typeError(b, "$dynamicRef", "a string", dyn) }
      guard let target = try index.resolve(s, base: b.info.base, dialect: d) else {
        throw error(b.pointer("$dynamicRef"), "cannot resolve $dynamicRef \(quoted(s))")
      }
      let node = NodeRef(try node(at: target))
      // Dynamic only when the fragment names an anchor that is itself a $dynamicAnchor.
      var anchor: String? = nil
      let uri = URIReference(b.info.base).resolve(s)
      if let f = uri.fragment, !f.isEmpty, !f.hasPrefix("/") {
        let r = index.info(for: target).resource
        if index.resources[r].dynamicAnchors[f] == target.pointer { anchor = f }
      }
      if anchor != nil { usesDynamicScope = true }
      b.keywords.append(.dynamicRef(b.keep(Boxed((ref: node, anchor: anchor)))))
    }
    if d == .draft2019_09, let rec = o["$recursiveRef"] {
      guard case .string(let s) = rec else { throw typeError(b, "$recursiveRef", "a string", rec) }
      guard let target = try index.resolve(s, base: b.info.base, dialect: d) else {
        throw error(b.pointer("$recursiveRef"), "cannot resolve $recursiveRef \(quoted(s))")
      }
      let r = index.info(for: target).resource
      let dynamic = index.resources[r].recursiveAnchor && index.resources[r].location == target
      if dynamic { usesDynamicScope = true }
      b.keywords.append(.recursiveRef(NodeRef(try node(at: target)), dynamic: dynamic))
    }
    if d.isModern && vocab.unevaluated {
      if o["unevaluatedProperties"] != nil {
        b.late.append(.unevaluatedProperties(try subschema(b.location, "unevaluatedProperties")))
        b.hasUnevaluated = true
      }
      if o["unevaluatedItems"] != nil {
        b.late.append(.unevaluatedItems(try subschema(b.location, "unevaluatedItems")))
        b.hasUnevaluated = true
      }
    }
    b.keywords.append(contentsOf: b.late)
    fuseObjectKeywords(b.keywords)
  }

  /// Lets `properties` check `required` and `additionalProperties` in its own pass where
  /// it can (``NameTableStorage/fuse(properties:required:additional:)``).
  func fuseObjectKeywords(_ keywords: [Keyword]) {
    var properties: NameTable?
    var required: NameTable?
    var additional: (NodeRef, NameTable)?
    for k in keywords {
      switch k {
      case .properties(let t): properties = t
      case .required(let t): required = t
      case .additionalProperties(let ref, let known): additional = (ref, known)
      default: break
      }
    }
    guard let properties, required != nil || additional != nil else { return }
    NameTableStorage.fuse(properties: properties, required: required, additional: additional)
  }

  mutating func compileRef(_ ref: JSONValue, _ b: inout KeywordBuilder) throws(SchemaError) {
    guard case .string(let s) = ref else { throw typeError(b, "$ref", "a string", ref) }
    guard let target = try index.resolve(s, base: b.info.base, dialect: b.dialect) else {
      let uri = URIReference(b.info.base).resolve(s)
      throw error(b.pointer("$ref"), "cannot resolve $ref \(quoted(s)) (\(uri)): no schema is known there")
    }
    b.keywords.append(.ref(NodeRef(try node(at: target))))
  }

  // MARK: Validation vocabulary

  mutating func compileValidation(_ b: inout KeywordBuilder) throws(SchemaError) {
    let o = b.object
    let d = b.dialect
    if let t = o["type"] {
      var set = TypeSet()
      func add(_ v: JSONValue) throws(SchemaError) {
        guard case .string(let name) = v, let one = TypeSet(name: name) else {
          throw error(
            b.pointer("type"),
            "type must be a type name (null, boolean, object, array, number, integer, string) or an array of them, got \(JSONSerializer.serialize(v))"
          )
        }
        set.insert(one)
      }
      if case .array(let names) = t {
        for n in names { try add(n) }
      } else {
        try add(t)
      }
      if d == .draft4 && set.contains(.integer) { set.insert(.integerLiteralOnly) }
      b.keywords.append(.type(set))
    }
    if let e = o["enum"] {
      guard case .array(let values) = e else { throw typeError(b, "enum", "an array", e) }
      b.keywords.append(.enumeration(b.keep(EnumValues(values, placeholder: NodeRef(b.node)))))
    }
    if d >= .draft6, let c = o["const"] { b.keywords.append(.const(b.keep(Boxed(c)))) }
    if let m = o["multipleOf"] {
      guard case .number(let n) = m, !n.isNegative, !n.isZero else {
        throw typeError(b, "multipleOf", "a number greater than 0", m)
      }
      b.keywords.append(.multipleOf(b.keep(Boxed(NumericBound(n)))))
    }
    for (name, isMin) in [("minimum", true), ("maximum", false)] {
      guard let v = o[name] else { continue }
      guard case .number(let n) = v else { throw typeError(b, name, "a number", v) }
      let exclusiveName = isMin ? "exclusiveMinimum" : "exclusiveMaximum"
      // Draft-04 form (also accepted in later drafts for real-world schemas): a Boolean.
      let exclusive = o[exclusiveName] == .bool(true)
      let bound = b.keep(Boxed(BoundKeyword(bound: NumericBound(n), exclusive: exclusive, name: name)))
      b.keywords.append(isMin ? .minimum(bound) : .maximum(bound))
    }
    for (name, isMin) in [("exclusiveMinimum", true), ("exclusiveMaximum", false)] {
      guard let v = o[name] else { continue }
      switch v {
      case .bool:
        if o[isMin ? "minimum" : "maximum"] == nil && d == .draft4 {
          // draft-04 requires the companion keyword; a lone Boolean has no effect.
        }
      case .number(let n) where d >= .draft6:
        let bound = b.keep(Boxed(BoundKeyword(bound: NumericBound(n), exclusive: true, name: name)))
        b.keywords.append(isMin ? .minimum(bound) : .maximum(bound))
      default:
        throw typeError(b, name, d >= .draft6 ? "a number" : "a Boolean", v)
      }
    }
    if let v = o["minLength"] { b.keywords.append(.minLength(try count(b, "minLength", v))) }
    if let v = o["maxLength"] { b.keywords.append(.maxLength(try count(b, "maxLength", v))) }
    if let v = o["pattern"] {
      guard case .string(let s) = v else { throw typeError(b, "pattern", "a string", v) }
      b.keywords.append(.pattern(b.keep(try pattern(s, at: b.pointer("pattern")))))
    }
    if let v = o["minItems"] { b.keywords.append(.minItems(try count(b, "minItems", v))) }
    if let v = o["maxItems"] { b.keywords.append(.maxItems(try count(b, "maxItems", v))) }
    if let v = o["uniqueItems"] {
      guard case .bool(let u) = v else { throw typeError(b, "uniqueItems", "a Boolean", v) }
      if u { b.keywords.append(.uniqueItems) }
    }
    if let v = o["minProperties"] { b.keywords.append(.minProperties(try count(b, "minProperties", v))) }
    if let v = o["maxProperties"] { b.keywords.append(.maxProperties(try count(b, "maxProperties", v))) }
    if let v = o["required"] {
      guard case .array(let names) = v else { throw typeError(b, "required", "an array of strings", v) }
      var list: [String] = []
      for n in names {
        guard case .string(let s) = n else { throw typeError(b, "required", "an array of strings", v) }
        list.append(s)
      }
      if !list.isEmpty { b.keywords.append(.required(b.keep(NameTableStorage(names: list, placeholder: NodeRef(b.node))).object.table)) }
    }
    if d.isModern, let v = o["dependentRequired"] {
      b.keywords.append(
        .dependentRequired(
          b.keep(Boxed((list: try stringLists(b, "dependentRequired", v), name: "dependentRequired")))))
    }
  }

  // MARK: Applicator vocabulary

  mutating func compileApplicators(_ b: inout KeywordBuilder) throws(SchemaError) {
    let o = b.object
    let d = b.dialect
    let loc = b.location
    // Arrays.
    var prefixCount = 0
    if d == .draft2020_12, let v = o["prefixItems"] {
      guard case .array(let elements) = v, !elements.isEmpty else {
        throw typeError(b, "prefixItems", "a non-empty array of schemas", v)
      }
      var refs: [NodeRef] = []
      for i in elements.indices { refs.append(try subschema(loc, "prefixItems", String(i))) }
      prefixCount = refs.count
      b.keywords.append(.prefixItems(b.keep(Boxed((refs: refs, name: "prefixItems")))))
    }
    if let v = o["items"] {
      switch v {
      case .array(let elements):
        // Array form (drafts 4 to 2019-09; accepted in 2020-12 for older schemas).
        var refs: [NodeRef] = []
        for i in elements.indices { refs.append(try subschema(loc, "items", String(i))) }
        if !refs.isEmpty { b.keywords.append(.prefixItems(b.keep(Boxed((refs: refs, name: "items"))))) }
        if o["additionalItems"] != nil {
          b.keywords.append(
            .itemsFrom(try subschema(loc, "additionalItems"), start: Int32(refs.count), name: .additionalItems))
        }
      case .object, .bool:
        b.keywords.append(.itemsFrom(try subschema(loc, "items"), start: Int32(prefixCount), name: .items))
      default:
        throw typeError(b, "items", "a schema or an array of schemas", v)
      }
    }
    if let v = o["contains"], d >= .draft6 {
      _ = v
      var minC = 1
      var maxC: Int? = nil
      if d.isModern {
        if let m = o["minContains"] { minC = try count(b, "minContains", m) }
        if let m = o["maxContains"] { maxC = try count(b, "maxContains", m) }
      }
      let contains = Boxed((ref: try subschema(loc, "contains"), min: minC, max: maxC, marksEvaluated: d == .draft2020_12))
      b.keywords.append(.contains(b.keep(contains)))
    }
    // Objects.
    var known: [String] = []
    var patterns: [CompiledPattern] = []
    if let v = o["properties"] {
      guard case .object(let members) = v else { throw typeError(b, "properties", "an object of schemas", v) }
      var targets: [NodeRef] = []
      targets.reserveCapacity(members.count)
      for name in members.keys { targets.append(try subschema(loc, "properties", name)) }
      known = Array(members.keys)
      let table = NameTableStorage(names: known, targets: targets, placeholder: NodeRef(b.node))
      b.keywords.append(.properties(b.keep(table).object.table))
    }
    if let v = o["patternProperties"] {
      guard case .object(let members) = v else {
        throw typeError(b, "patternProperties", "an object of schemas", v)
      }
      var list: [(CompiledPattern, NodeRef)] = []
      for name in members.keys {
        let p = try pattern(name, at: b.pointer("patternProperties"))
        patterns.append(p)
        list.append((p, try subschema(loc, "patternProperties", name)))
      }
      b.keywords.append(.patternProperties(b.keep(Boxed(list))))
    }
    if o["additionalProperties"] != nil {
      b.keywords.append(
        .additionalProperties(
          try subschema(loc, "additionalProperties"),
          known: b.keep(NameTableStorage(names: known, patterns: patterns, placeholder: NodeRef(b.node))).object.table))
    }
    if d >= .draft6, o["propertyNames"] != nil {
      b.keywords.append(.propertyNames(try subschema(loc, "propertyNames")))
    }
    if d.isModern, let v = o["dependentSchemas"] {
      guard case .object(let members) = v else { throw typeError(b, "dependentSchemas", "an object of schemas", v) }
      var list: [(String, NodeRef)] = []
      for name in members.keys { list.append((name, try subschema(loc, "dependentSchemas", name))) }
      b.keywords.append(.dependentSchemas(b.keep(Boxed((list: list, name: "dependentSchemas")))))
    }
    if let v = o["dependencies"] {
      guard case .object(let members) = v else { throw typeError(b, "dependencies", "an object", v) }
      var lists: [(String, [String])] = []
      var schemas: [(String, NodeRef)] = []
      for (name, dep) in members {
        if case .array = dep {
          lists.append(contentsOf: try stringLists(b, "dependencies", .object([name: dep])))
        } else {
          schemas.append((name, try subschema(loc, "dependencies", name)))
        }
      }
      if !lists.isEmpty { b.keywords.append(.dependentRequired(b.keep(Boxed((list: lists, name: "dependencies"))))) }
      if !schemas.isEmpty {
        b.keywords.append(.dependentSchemas(b.keep(Boxed((list: schemas, name: "dependencies")))))
      }
    }
    // In-place applicators.
    for name in ["allOf", "anyOf", "oneOf"] {
      guard let v = o[name] else { continue }
      guard case .array(let elements) = v, !elements.isEmpty else {
        throw typeError(b, name, "a non-empty array of schemas", v)
      }
      var refs: [NodeRef] = []
      for i in elements.indices { refs.append(try subschema(loc, name, String(i))) }
      let list = b.keep(Boxed(refs))
      switch name {
      case "allOf": b.keywords.append(.allOf(list))
      case "anyOf": b.keywords.append(.anyOf(list))
      default: b.keywords.append(.oneOf(list))
      }
    }
    if o["not"] != nil { b.keywords.append(.not(try subschema(loc, "not"))) }
    if d >= .draft7, o["if"] != nil {
      let i = try subschema(loc, "if")
      let t = o["then"] != nil ? try subschema(loc, "then") : nil
      let e = o["else"] != nil ? try subschema(loc, "else") : nil
      b.keywords.append(.conditional(b.keep(Boxed((if: i, then: t, else: e)))))
    }
  }

  // MARK: Helpers

  func typeError(_ b: KeywordBuilder, _ keyword: String, _ expected: String, _ got: JSONValue) -> SchemaError {
    error(b.pointer(keyword), "\(keyword) must be \(expected), got \(JSONSerializer.serialize(got))")
  }

  /// A non-negative integer keyword value (`2`, `2.0`); huge values clamp to `Int.max`.
  func count(_ b: KeywordBuilder, _ keyword: String, _ v: JSONValue) throws(SchemaError) -> Int {
    guard case .number(let n) = v, n.isInteger, !n.isNegative else {
      throw typeError(b, keyword, "a non-negative integer", v)
    }
    if let i = n.int64 { return Int(i) }
    return Int.max
  }

  func stringLists(_ b: KeywordBuilder, _ keyword: String, _ v: JSONValue) throws(SchemaError) -> [(String, [String])] {
    guard case .object(let members) = v else { throw typeError(b, keyword, "an object of string arrays", v) }
    var out: [(String, [String])] = []
    for (name, list) in members {
      guard case .array(let items) = list else { throw typeError(b, keyword, "an object of string arrays", v) }
      var names: [String] = []
      for item in items {
        guard case .string(let s) = item else { throw typeError(b, keyword, "an object of string arrays", v) }
        names.append(s)
      }
      out.append((name, names))
    }
    return out
  }

  func quoted(_ s: String) -> String { JSONSerializer.serialize(.string(s)) }
}

