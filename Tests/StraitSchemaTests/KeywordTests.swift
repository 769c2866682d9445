import StraitJSON
import StraitSchema
import Testing

@Suite struct TypeAndValueKeywordTests {
  @Test func typeIncludingIntegerForms() throws {
    let s = try schema(#"{"type": ["integer", "null"]}"#)
    try expectValid(s, "1")
    try expectValid(s, "1.0")
    try expectValid(s, "1e3")
    try expectValid(s, "null")
    try expectInvalid(s, "1.5")
    try expectInvalid(s, #""1""#)
    let d4 = try schema(#"{"type": "integer"}"#, .init(dialect: .draft4))
    try expectInvalid(d4, "1.0")
  }

  @Test func enumAndConstUseJSONEquality() throws {
    let s = try schema(#"{"enum": [1, {"a": [true]}, "x"]}"#)
    try expectValid(s, "1.0")
    try expectValid(s, #"{"a": [true]}"#)
    try expectInvalid(s, #"{"a": [false]}"#)
    let c = try schema(#"{"const": "caf\u00e9"}"#)
    // Code points, not canonical equivalence: e + COMBINING ACUTE differs.
    try expectInvalid(c, #""cafe\u0301""#)
    try expectValid(c, #""café""#)
  }
}

@Suite struct NumericKeywordTests {
  @Test func multipleOfIsExact() throws {
    let s = try schema(#"{"multipleOf": 0.1}"#)
    try expectValid(s, "0.3")
    try expectValid(s, "12345678901234567890.1")
    try expectInvalid(s, "0.35")
    let half = try schema(#"{"multipleOf": 0.5}"#)
    try expectValid(half, "1e308")
    let big = try schema(#"{"multipleOf": 12345678901234567890123}"#)
    try expectValid(big, "24691357802469135780246")
    try expectInvalid(big, "24691357802469135780247")
    try expectValid(big, "1234567890123456789012300000")
  }

  @Test func boundsBothForms() throws {
    let s = try schema(#"{"minimum": 1.5, "exclusiveMaximum": 10}"#)
    try expectValid(s, "1.5")
    try expectInvalid(s, "1.4999999999999999999")
    try expectInvalid(s, "10")
    try expectValid(s, "9.99")
    let d4 = try schema(#"{"maximum": 3, "exclusiveMaximum": true}"#, .init(dialect: .draft4))
    try expectInvalid(d4, "3")
    try expectValid(d4, "2")
    let errors = try expectInvalid(s, "0")
    #expect(errors.first?.message == "0 is less than the minimum of 1.5")
    #expect(errors.first?.keywordLocation == "/minimum")
  }
}

@Suite struct StringKeywordTests {
  @Test func lengthsCountCodePoints() throws {
    let s = try schema(#"{"minLength": 2, "maxLength": 3}"#)
    try expectValid(s, #""😀😀""#)
    try expectInvalid(s, #""😀""#)
    try expectInvalid(s, #""abcd""#)
  }

  @Test func patternHasECMASemantics() throws {
    try expectInvalid(try schema(#"{"pattern": "^abc$"}"#), #""abc\n""#)
    try expectInvalid(try schema(#"{"pattern": "^\\d$"}"#), #""\u0663""#)
    try expectValid(try schema(#"{"pattern": "^\\s$"}"#), #""\u00a0""#)
    try expectValid(try schema(#"{"pattern": "^\\s$"}"#), #""\ufeff""#)
    try expectValid(try schema(#"{"pattern": "^\\S$"}"#), #""a""#)
    try expectValid(try schema(#"{"pattern": "^[\\S]$"}"#), #""é""#)
    try expectInvalid(try schema(#"{"pattern": "^[\\S]$"}"#), #""\u2003""#)
    try expectValid(try schema(#"{"pattern": "^\\p{Letter}+$"}"#), #""éa""#)
    try expectValid(try schema(#"{"pattern": "^\\u0041$"}"#), #""A""#)
    try expectValid(try schema(#"{"pattern": "^\\uD83D\\uDE00$"}"#), #""😀""#)
    try expectInvalid(try schema(#"{"pattern": "^.$"}"#), #""\u2028""#)
    try expectValid(try schema(#"{"pattern": "^[^]$"}"#), #""\n""#)
    // Search semantics: unanchored patterns match anywhere.
    try expectValid(try schema(#"{"pattern": "b+"}"#), #""abbc""#)
  }

  @Test func formatIsAnnotationUnlessAsserted() throws {
    let annotation = try schema(#"{"format": "date"}"#)
    try expectValid(annotation, #""not a date""#)
    let assertion = try schema(#"{"format": "date"}"#, .init(assertFormat: true))
    try expectValid(assertion, #""2024-02-29""#)
    try expectInvalid(assertion, #""2023-02-29""#)
    try expectValid(assertion, "42")
  }

  @Test(arguments: [
    ("date-time", "2024-01-31T23:59:60Z", true), ("date-time", "2024-01-31T23:59:60+01:00", false),
    ("time", "12:00:00.5-03:30", true), ("duration", "P1Y2M3DT4H", true), ("duration", "PT", false),
    ("duration", "P1W", true), ("ipv4", "192.168.0.1", true), ("ipv4", "192.168.0.01", false),
    ("ipv6", "::ffff:1.2.3.4", true), ("ipv6", "1::2::3", false), ("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
    ("uri", "http://example.com/a?b#c", true), ("uri", "/relative", false), ("uri-reference", "/relative", true),
    ("iri", "http://ƒøø.com/π", true), ("uri-template", "/a/{b}{?c,d*}", true), ("uri-template", "{a", false),
    ("json-pointer", "/a~1b/~0", true), ("json-pointer", "/a~2", false), ("relative-json-pointer", "1/a", true),
    ("regex", "^a(b", false), ("regex", "(?i)a", false), ("hostname", "example.com", true),
    ("hostname", "-bad.com", false), ("hostname", "xn--bcher-kva.example", true), ("idn-hostname", "bücher.example", true),
    ("email", "joe.bloggs@example.com", true), ("email", "joe..bloggs@example.com", false),
    ("idn-email", "δοκιμή@example.com", true), ("email", "a@[IPv6:::1]", true),
  ])
  func formats(name: String, value: String, valid: Bool) throws {
    let s = try JSONSchema(json: ["format": .string(name)], options: .init(assertFormat: true))
    #expect(s.isValid(.string(value)) == valid, "\(name): \(value)")
  }
}

@Suite struct ArrayKeywordTests {
  @Test func prefixItemsItemsAndContains() throws {
    let s = try schema(
      #"{"prefixItems": [{"type": "string"}], "items": {"type": "integer"}, "contains": {"const": 5}, "maxContains": 1}"#)
    try expectValid(s, #"["a", 5, 1]"#)
    try expectInvalid(s, #"["a", 1]"#)
    try expectInvalid(s, #"["a", 5, 5]"#)
    try expectInvalid(s, #"[1, 5]"#)
    let d7 = try schema(#"{"items": [{"type": "string"}], "additionalItems": false}"#, .init(dialect: .draft7))
    try expectValid(d7, #"["a"]"#)
    try expectInvalid(d7, #"["a", 1]"#)
  }

  @Test func uniqueItemsUsesJSONEquality() throws {
    let s = try schema(#"{"uniqueItems": true}"#)
    try expectInvalid(s, "[1, 1.0]")
    try expectInvalid(s, #"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#)
    try expectValid(s, #"[[1], [true]]"#)
    let many = "[" + (0..<100).map(String.init).joined(separator: ",") + ", 5.0]"
    try expectInvalid(s, many)
  }
}

@Suite struct ObjectKeywordTests {
  @Test func propertiesPatternsAdditional() throws {
    let s = try schema(
      #"{"properties": {"a": {"type": "integer"}}, "patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false, "required": ["a"]}"#
    )
    try expectValid(s, #"{"a": 1, "x-y": "z"}"#)
    let errors = try expectInvalid(s, #"{"a": "1", "b": 2, "x-y": 3}"#)
    #expect(errors.count == 3)
    #expect(errors.map(\.instanceLocation).sorted() == ["/a", "/b", "/x-y"])
    try expectInvalid(s, "{}")
  }

  @Test func dependenciesAndNames() throws {
    let s = try schema(
      #"{"dependentRequired": {"a": ["b"]}, "dependentSchemas": {"c": {"required": ["d"]}}, "propertyNames": {"maxLength": 2}, "maxProperties": 3}"#
    )
    try expectValid(s, #"{"a": 1, "b": 2}"#)
    try expectInvalid(s, #"{"a": 1}"#)
    try expectInvalid(s, #"{"c": 1}"#)
    try expectInvalid(s, #"{"abc": 1}"#)
    let d7 = try schema(#"{"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}"#, .init(dialect: .draft7))
    try expectInvalid(d7, #"{"a": 1}"#)
    try expectInvalid(d7, #"{"c": 1}"#)
  }
}

@Suite struct ApplicatorTests {
  @Test func combinators() throws {
    let s = try schema(
      #"{"anyOf": [{"type": "string"}, {"minimum": 10}], "oneOf": [{"multipleOf": 2}, {"multipleOf": 3}], "not": {"const": 12}}"#
    )
    try expectValid(s, "14")
    try expectInvalid(s, "12")  // not
    try expectInvalid(s, "18")  // oneOf: both
    try expectInvalid(s, "4")  // anyOf
  }

  @Test func conditional() throws {
    let s = try schema(#"{"if": {"minimum": 0}, "then": {"multipleOf": 2}, "else": {"multipleOf": 3}}"#)
    try expectValid(s, "4")
    try expectValid(s, "-3")
    try expectInvalid(s, "3")
    try expectInvalid(s, "-2")
  }

  @Test func unevaluated() throws {
    let s = try schema(
      #"{"allOf": [{"properties": {"a": true}}], "anyOf": [{"properties": {"b": true}}, {"properties": {"c": true}}], "unevaluatedProperties": false}"#
    )
    try expectValid(s, #"{"a": 1, "b": 2, "c": 3}"#)
    try expectInvalid(s, #"{"a": 1, "d": 2}"#)
    let items = try schema(#"{"prefixItems": [true], "contains": {"type": "string"}, "unevaluatedItems": false}"#)
    try expectValid(items, #"[1, "x"]"#)
    try expectInvalid(items, #"[1, "x", 2]"#)
  }
}

@Suite struct ReferenceTests {
  @Test func refsAnchorsAndIds() throws {
    let s = try schema(
      ##"{"$id": "http://example.com/root.json", "$defs": {"pos": {"$anchor": "pos", "minimum": 0}, "other": {"$id": "other.json", "type": "string"}}, "properties": {"a": {"$ref": "#pos"}, "b": {"$ref": "other.json"}, "c": {"$ref": "#/$defs/pos"}}}"##
    )
    try expectValid(s, #"{"a": 1, "b": "x", "c": 0}"#)
    let errors = try expectInvalid(s, #"{"a": -1}"#)
    #expect(errors.first?.keywordLocation == "/properties/a/$ref/minimum")
    #expect(errors.first?.absoluteKeywordLocation == "http://example.com/root.json#/$defs/pos/minimum")
    #expect(errors.first?.instanceLocation == "/a")
    try expectInvalid(s, #"{"b": 1}"#)
    #expect(s.resolveReference("other.json")?.schema == ["$id": "other.json", "type": "string"])
    #expect(s.resolveReference("#pos")?.baseURI == "http://example.com/root.json")
    #expect(s.resolveReference("nowhere.json") == nil)
  }

  @Test func recursiveTreeAndDynamicRef() throws {
    let tree = try schema(
      ##"{"type": "object", "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#"}}}}"##
    )
    try expectValid(tree, #"{"value": 1, "children": [{"value": 2, "children": []}]}"#)
    try expectInvalid(tree, #"{"value": 1, "children": [{"value": "x"}]}"#)
    let dyn = try schema(
      ##"{"$id": "https://ex.com/strict", "$dynamicAnchor": "node", "$ref": "list", "unevaluatedProperties": false, "$defs": {"list": {"$id": "list", "$dynamicAnchor": "node", "properties": {"next": {"$dynamicRef": "#node"}, "v": true}}}}"##
    )
    try expectValid(dyn, #"{"v": 1, "next": {"v": 2}}"#)
    try expectInvalid(dyn, #"{"v": 1, "next": {"v": 2, "extra": 3}}"#)
  }

  @Test func registryDocuments() throws {
    var registry = SchemaRegistry()
    registry.add(["type": "integer"], uri: "http://example.com/int.json")
    let s = try schema(#"{"items": {"$ref": "http://example.com/int.json"}}"#, .init(registry: registry))
    try expectValid(s, "[1, 2]")
    try expectInvalid(s, #"[1, "2"]"#)
    // The embedded metaschemas validate schemas.
    let meta = try schema(#"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"#)
    try expectValid(meta, #"{"type": "string"}"#)
    try expectInvalid(meta, #"{"type": 12}"#)
    try expectInvalid(meta, #"{"minLength": -1}"#)
  }
}
