import StraitCompiler
import Testing

/// allOf / anyOf / oneOf / not / if-then-else / $ref and errors.
@Suite struct ApplicatorTests {
  @Test func allOfMergesObjects() throws {
    let schema = #"""
      {"allOf": [{"$ref": "#/$defs/base"}, {"properties": {"c": {"type": "boolean"}}, "required": ["c"]}],
       "$defs": {"base": {"properties": {"a": {"type": "integer"}, "b": {"type": "string"}}, "required": ["a"]}}}
      """#
    try checkLanguage(
      schema, accept: [#"{"a": 1, "c": true}"#, #"{"a": 1, "b": "x", "c": false}"#],
      reject: [#"{"a": 1}"#, #"{"c": true}"#, #"{"a": "1", "c": true}"#])
    try checkLanguage(
      #"{"allOf": [{"type": "string", "pattern": "a"}, {"pattern": "b"}, {"maxLength": 3}]}"#,
      accept: [#""ab""#, #""bca""#], reject: [#""a""#, #""abcd""#, "1"])
  }

  @Test func anyOfOneOf() throws {
    try checkLanguage(
      #"{"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 1}]}"#, accept: ["1", #""a""#],
      reject: [#""ab""#, "1.5", "null"])
    // oneOf: exactly one branch.
    try checkLanguage(
      #"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, accept: ["1", "2.5", "-3", "\"x\""], reject: ["2", "3"])
    try checkLanguage(
      #"{"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}"#,
      accept: [#"{"a": 1}"#, #"{"b": 1}"#], reject: [#"{"a": 1, "b": 2}"#, "{}"])
    // Discriminated by const: disjoint, so no complement is needed.
    try checkLanguage(
      #"{"type": "object", "required": ["kind"], "oneOf": [{"properties": {"kind": {"const": "a"}, "x": {"type": "integer"}}}, {"properties": {"kind": {"const": "b"}, "x": {"type": "string"}}}]}"#,
      accept: [#"{"kind": "a", "x": 1}"#, #"{"kind": "b", "x": "1"}"#],
      reject: [#"{"kind": "a", "x": "1"}"#, #"{"kind": "c"}"#])
  }

  @Test func notAndConditionals() throws {
    try checkLanguage(#"{"not": {"type": "string"}}"#, accept: ["1", "null", "[]"], reject: [#""a""#])
    try checkLanguage(
      #"{"type": "object", "not": {"required": ["a"]}}"#, accept: ["{}", #"{"b": 1}"#], reject: [#"{"a": 1}"#])
    try checkLanguage(
      #"{"type": "integer", "not": {"multipleOf": 3}}"#, accept: ["1", "2", "4"], reject: ["0", "3", "-9"])
    try checkLanguage(
      #"{"if": {"type": "integer"}, "then": {"minimum": 10}, "else": {"type": "string"}}"#,
      accept: ["10", "11", #""x""#], reject: ["9", "1.5", "null"])
    try checkLanguage(
      #"{"type": "object", "if": {"properties": {"t": {"const": "n"}}, "required": ["t"]}, "then": {"required": ["n"]}}"#,
      accept: [#"{"t": "n", "n": 1}"#, #"{"t": "m"}"#, "{}"], reject: [#"{"t": "n"}"#])
  }

  @Test func references() throws {
    // Recursion unrolled to the depth limit.
    let tree = ##"{"type": "object", "properties": {"v": {"type": "integer"}, "kids": {"type": "array", "items": {"$ref": "#"}}}, "additionalProperties": false}"##
    try checkLanguage(
      tree, accept: [#"{"v": 1, "kids": [{"v": 2, "kids": []}]}"#, "{}"], reject: [#"{"v": 1, "kids": [{"v": "x"}]}"#])
    // $id-relative references and anchors.
    try checkLanguage(
      #"{"$id": "http://x.test/root.json", "$ref": "item.json", "$defs": {"i": {"$id": "item.json", "type": "integer"}}}"#,
      accept: ["1"], reject: ["\"a\""])
    try checkLanguage(
      ##"{"$ref": "#num", "$defs": {"n": {"$anchor": "num", "type": "number"}}}"##, accept: ["1.5"], reject: ["true"])
    // Drafts 4-7: siblings of $ref are ignored.
    try checkLanguage(
      ##"{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s", "maxLength": 1}"##,
      accept: [#""abc""#], reject: ["1"])
  }

  @Test func errors() throws {
    #expect(compileError(#"{"type": "array", "uniqueItems": true}"#)?.keyword == "uniqueItems")
    #expect(compileError(#"{"type": "array", "uniqueItems": true}"#)?.kind == .unsupported)
    #expect(compileError(#"{"$ref": "http://remote.test/schema.json"}"#)?.keyword == "$ref")
    #expect(compileError(##"{"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##)?.kind == .limit)
    #expect(compileError(#"{"pattern": "(a)\\1"}"#)?.pointer == "")
    #expect(compileError(#"{"type": "string", "minLength": 3, "maxLength": 2}"#)?.kind == .unsatisfiable)
    #expect(compileError("false")?.message.contains("no document satisfies") == true)
    #expect(compileError(#"{"minLength": -1}"#)?.kind == .invalidSchema)
    #expect(compileError(#"{"type": "strin"}"#)?.kind == .invalidSchema)
    #expect(compileError(##"{"properties": {"a": {"$ref": "#/nowhere"}}}"##)?.pointer == "/properties/a")
  }

  @Test func lenientModeReportsDroppedKeywords() throws {
    var o = CompileOptions()
    o.strict = false
    let g = try compileSchema(#"{"type": "array", "uniqueItems": true, "title": "t"}"#, o)
    let unique = g.report.first { $0.keyword == "uniqueItems" }
    #expect(unique?.status.name == "ignored")
    #expect(g.report.first { $0.keyword == "title" }?.status.name == "ignored")
    #expect(g.report.first { $0.keyword == "type" }?.status == .enforced)
    // The dropped keyword over-approximates: duplicates are accepted.
    #expect(try g.match(Array("[1, 1]".utf8)).accepted)
  }

  @Test func reportNamesApproximations() throws {
    let g = try compileSchema(#"{"type": "string", "format": "date-time"}"#)
    guard case .approximated(let why)? = g.report.first(where: { $0.keyword == "format" })?.status else {
      Issue.record("format should be approximated")
      return
    }
    #expect(why.contains("leap"))
  }
}
