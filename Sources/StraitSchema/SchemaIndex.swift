import Foundation
import StraitJSON

/// A position in one of the loaded documents.
///
/// Pointers are compared and hashed by their code points: `/properties/\u{E9}` and
/// `/properties/e\u{301}` are two subschemas (the synthesized `String` conformance would
/// make them one node).
struct SchemaLocation: Hashable {
  var document: Int
  var pointer: String

  static func == (a: SchemaLocation, b: SchemaLocation) -> Bool {
    a.document == b.document && JSONEquality.sameCodePoints(a.pointer, b.pointer)
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(document)
    hasher.combine(ExactName(pointer))
  }
}

/// What the index knows about a subschema position: its base URI and dialect.
struct LocationInfo {
  var base: String
  var dialect: SchemaDialect
  var vocabulary: VocabularySet
  var resource: Int
  /// The pointer relative to the resource root (for absolute keyword locations).
  var resourcePointer: String
}

/// A schema resource: a document root or a subschema with an `$id`.
struct ResourceInfo {
  var uri: String
  var location: SchemaLocation
  var dynamicAnchors: [String: String] = [:]
  var recursiveAnchor = false
}

/// Every loaded document with its identifiers: the resolver for `$ref`, `$id`,
/// `$anchor`, `$dynamicAnchor` and `$recursiveAnchor`.
struct SchemaIndex {
  var documents: [(uri: String, root: JSONValue)] = []
  var resources: [ResourceInfo] = []
  var resourceByURI: [String: Int] = [:]
  var anchors: [String: SchemaLocation] = [:]
  var infos: [SchemaLocation: LocationInfo] = [:]
  let registry: SchemaRegistry
  let defaultDialect: SchemaDialect

  init(registry: SchemaRegistry, defaultDialect: SchemaDialect) {
    self.registry = registry
    self.defaultDialect = defaultDialect
  }

  // MARK: Indexing

  /// Adds a document and indexes its identifiers; returns the document index.
  mutating func addDocument(_ root: JSONValue, uri: String, dialect: SchemaDialect) throws(SchemaError)
    -> Int
  {
    let doc = documents.count
    documents.append((uri, root))
    let location = SchemaLocation(document: doc, pointer: "")
    let resource = resources.count
    resources.append(ResourceInfo(uri: uri, location: location))
    if resourceByURI[uri] == nil { resourceByURI[uri] = resource }
    try walk(
      root, location, base: uri, dialect: dialect, vocabulary: .all, resource: resource,
      resourcePointer: "", isDocumentRoot: true)
    return doc
  }

  /// The dialect and vocabularies named by a `$schema` value.
  func dialect(forMetaschema uri: String, fallback: SchemaDialect, at location: SchemaLocation)
    throws(SchemaError) -> (SchemaDialect, VocabularySet)
  {
    if let d = SchemaDialect(metaschemaURI: uri) { return (d, .all) }
    // A custom metaschema: its own `$schema` gives the dialect, its `$vocabulary` the keywords.
    guard let meta = try registry.document(for: uri), case .object(let m) = meta else {
      return (fallback, .all)
    }
    var dialect = fallback
    if case .string(let s)? = m["$schema"], let d = SchemaDialect(metaschemaURI: s) { dialect = d }
    guard dialect.isModern, case .object(let vocab)? = m["$vocabulary"] else { return (dialect, .all) }
    var set = VocabularySet(applicator: false, unevaluated: false, validation: false, formatAssertion: false)
    for (vocabURI, required) in vocab {
      guard let v = Vocabulary(uri: vocabURI) else {
        if required == .bool(true) {
          throw SchemaError(
            pointer: location.pointer + "/$schema", documentURI: documents[location.document].uri,
            message: "the metaschema \(uri) requires the unknown vocabulary \(vocabURI)")
        }
        continue
      }
      switch v {
      case .applicator:
        set.applicator = true
        if dialect == .draft2019_09 { set.unevaluated = true }
      case .unevaluated: set.unevaluated = true
      case .validation: set.validation = true
      case .formatAssertion: set.formatAssertion = true
      case .core, .metaData, .formatAnnotation, .content: break
      }
    }
    return (dialect, set)
  }

  private mutating func walk(
    _ value: JSONValue, _ location: SchemaLocation, base: String, dialect: SchemaDialect,
    vocabulary: VocabularySet, resource: Int, resourcePointer: String, isDocumentRoot: Bool
  ) throws(SchemaError) {
    guard case .object(let object) = value else {
      infos[location] = LocationInfo(
        base: base, dialect: dialect, vocabulary: vocabulary, resource: resource,
        resourcePointer: resourcePointer)
      return
    }
    var base = base
    var dialect = dialect
    var vocabulary = vocabulary
    var resource = resource
    var resourcePointer = resourcePointer

    // `$schema` applies at resource roots (the document root or a subschema with an id).
    let hasID = object["$id"] != nil || object["id"] != nil
    if isDocumentRoot || hasID, case .string(let s)? = object["$schema"] {
      (dialect, vocabulary) = try self.dialect(forMetaschema: s, fallback: dialect, at: location)
    }
    if case .string(let id)? = object[dialect.idKeyword],
      !(dialect.refOverridesSiblings && object["$ref"] != nil)
    {
      if !dialect.isModern && id.hasPrefix("#") {
        // Drafts 4-7: a fragment-only id is a location-independent identifier (an anchor).
        anchors[base + id] = location
      } else {
        let resolved = URIReference(base).resolve(id)
        let newBase = resolved.withoutFragment.description
        if newBase != base {
          resource = resources.count
          resources.append(ResourceInfo(uri: newBase, location: location))
          resourceByURI[newBase] = resource
          resourcePointer = ""
          base = newBase
        } else if isDocumentRoot {
          resourceByURI[newBase] = resource
        }
        if let f = resolved.fragment, !f.isEmpty, !dialect.isModern {
          anchors[newBase + "#" + f] = location
        }
      }
    }
    if dialect.isModern {
      if case .string(let a)? = object["$anchor"] { anchors[base + "#" + a] = location }
      if dialect == .draft2020_12, case .string(let a)? = object["$dynamicAnchor"] {
        anchors[base + "#" + a] = location
        if resources[resource].dynamicAnchors[a] == nil {
          resources[resource].dynamicAnchors[a] = location.pointer
        }
      }
      if dialect == .draft2019_09, resourcePointer.isEmpty, object["$recursiveAnchor"] == .bool(true) {
        resources[resource].recursiveAnchor = true
      }
    }
    infos[location] = LocationInfo(
      base: base, dialect: dialect, vocabulary: vocabulary, resource: resource,
      resourcePointer: resourcePointer)

    func child(_ key: String, _ sub: JSONValue, _ index: String? = nil) throws(SchemaError) {
      var p = JSONPointer.append(location.pointer, key)
      var rp = JSONPointer.append(resourcePointer, key)
      if let index {
        p = JSONPointer.append(p, index)
        rp = JSONPointer.append(rp, index)
      }
      try walk(
        sub, SchemaLocation(document: location.document, pointer: p), base: base, dialect: dialect,
        vocabulary: vocabulary, resource: resource, resourcePointer: rp, isDocumentRoot: false)
    }
    for (key, sub) in object {
      switch key {
      case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies":
        if case .object(let members) = sub {
          for (name, s) in members where s.objectValue != nil || s.boolValue != nil {
            try child(key, s, name)
          }
        }
      case "allOf", "anyOf", "oneOf", "prefixItems", "items":
        if case .array(let elements) = sub {
          for (i, s) in elements.enumerated() { try child(key, s, String(i)) }
        } else if key == "items" {
          try child(key, sub)
        }
      case "additionalProperties", "additionalItems", "unevaluatedProperties", "unevaluatedItems",
        "not", "if", "then", "else", "contains", "propertyNames", "contentSchema":
        try child(key, sub)
      default:
        break
      }
    }
  }

  // MARK: Resolution

  /// What we know about a location, inheriting from the nearest indexed ancestor.
  func info(for location: SchemaLocation) -> LocationInfo {
    if let i = infos[location] { return i }
    var pointer = location.pointer
    var suffix: [String] = []
    while let slash = pointer.lastIndex(of: "/") {
      suffix.append(String(pointer[pointer.index(after: slash)...]))
      pointer = String(pointer[..<slash])
      if var i = infos[SchemaLocation(document: location.document, pointer: pointer)] {
        for s in suffix.reversed() { i.resourcePointer += "/" + s }
        return i
      }
    }
    return LocationInfo(
      base: documents[location.document].uri, dialect: defaultDialect, vocabulary: .all, resource: 0,
      resourcePointer: location.pointer)
  }

  /// Resolves a reference against a base URI to a location, loading registry documents
  /// on demand.
  ///
  /// - Returns: the location, or nil when nothing is known at that URI.
  /// - Throws: ``SchemaError`` when a registry document is not JSON.
  mutating func resolve(_ ref: String, base: String, dialect: SchemaDialect) throws(SchemaError)
    -> SchemaLocation?
  {
    let uri = URIReference(base).resolve(ref)
    let target = uri.withoutFragment.description
    let fragment = uri.fragment ?? ""
    var resource = resourceByURI[target]
    if resource == nil {
      guard let document = try registry.document(for: target) else { return nil }
      // A document without `$schema` is read in the referring schema's dialect.
      _ = try addDocument(document, uri: target, dialect: dialect)
      resource = resourceByURI[target]
    }
    guard let resource else { return nil }
    let root = resources[resource].location
    if fragment.isEmpty { return root }
    if fragment.hasPrefix("/") {
      let decoded = fragment.removingPercentEncoding ?? fragment
      let location = SchemaLocation(document: root.document, pointer: root.pointer + decoded)
      guard JSONPointer.resolve(location.pointer, in: documents[root.document].root) != nil else {
        return nil
      }
      return location
    }
    let name = fragment.removingPercentEncoding ?? fragment
    return anchors[target + "#" + name]
  }

  /// The JSON value at a location.
  func value(at location: SchemaLocation) -> JSONValue? {
    JSONPointer.resolve(location.pointer, in: documents[location.document].root)
  }
}
