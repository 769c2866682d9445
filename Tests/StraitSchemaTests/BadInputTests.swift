import Foundation
import StraitJSON
import StraitSchema
import Testing

@Suite struct BadInputTests {
  @Test func schemaThatIsNotJSON() {
    #expect(throws: SchemaError.self) { try JSONSchema(text: #"{"type": "#) }
    expectSchemaError("[1, 2]", pointer: "", containing: "object or a Boolean")
  }

  @Test func schemaThatIsNotASchema() {
    expectSchemaError(#"{"type": 12}"#, pointer: "/type", containing: "type must be")
    expectSchemaError(#"{"minLength": -1}"#, pointer: "/minLength", containing: "non-negative integer")
    expectSchemaError(#"{"properties": {"a": {"maxItems": 1.5}}}"#, pointer: "/properties/a/maxItems", containing: "non-negative")
    expectSchemaError(#"{"multipleOf": 0}"#, pointer: "/multipleOf", containing: "greater than 0")
    expectSchemaError(#"{"items": 3}"#, pointer: "/items", containing: "schema")
    expectSchemaError(#"{"allOf": []}"#, pointer: "/allOf", containing: "non-empty")
  }

  @Test func invalidRegexNamesItsPointer() {
    expectSchemaError(#"{"properties": {"a": {"pattern": "a(b"}}}"#, pointer: "/properties/a/pattern", containing: "invalid regular expression")
    expectSchemaError(#"{"patternProperties": {"\\Z": true}}"#, pointer: "/patternProperties", containing: "not an ECMA-262 escape")
  }

  @Test func unresolvableRef() {
    expectSchemaError(##"{"properties": {"a": {"$ref": "#/$defs/missing"}}}"##, pointer: "/properties/a/$ref", containing: "cannot resolve")
    expectSchemaError(#"{"$ref": "http://nowhere.example/x.json"}"#, pointer: "/$ref", containing: "cannot resolve")
  }

  @Test func refCycleWithoutProgress() {
    expectSchemaError(##"{"$ref": "#"}"##, pointer: "", containing: "cycle")
    expectSchemaError(
      ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}"##,
      pointer: "/$defs/b/allOf/0", containing: "cycle")
  }

  @Test func loopsThroughAnyOfHitTheDepthLimitInsteadOfHanging() throws {
    // Not a pure $ref/allOf cycle (anyOf), so it compiles; evaluation must stop.
    let s = try schema(##"{"anyOf": [{"$ref": "#"}], "minimum": 0}"##)
    let r = s.validate(5)
    #expect(!r.isValid)
    #expect(r.errors.contains { $0.message.contains("depth limit") })
    #expect(!s.isValid(5))
  }

  @Test func deepInstance() throws {
    // Deeper than the validator's depth limit: a clear error, not a stack overflow.
    var v: JSONValue = 1
    for _ in 0..<3000 { v = .array([v]) }
    let s = try schema(##"{"items": {"$ref": "#"}}"##)
    let r = s.validate(v)
    #expect(!r.isValid)
    #expect(r.errors.first?.message.contains("depth limit") == true)
    // Within the limit (each level is two evaluation steps: the node and its $ref), deep
    // nesting validates.
    var shallow: JSONValue = 1
    for _ in 0..<400 { shallow = .array([shallow]) }
    #expect(s.isValid(shallow))
    withExtendedLifetime(v) {}
  }

  @Test func largeInstance() throws {
    // 1M-element array (~8 MB of text): validated iteratively per item, no recursion growth.
    let text = "[" + String(repeating: "123456,", count: 1_000_000) + "1]"
    let value = try JSONParser.parse(text)
    let s = try schema(#"{"type": "array", "items": {"type": "integer", "minimum": 0}}"#)
    #expect(s.isValid(value))
    let bad = try schema(#"{"items": {"maximum": 100}}"#)
    #expect(bad.validate(value).errors.count == 1_000_000)
  }
}
