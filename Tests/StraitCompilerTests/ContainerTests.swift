import StraitCompiler
import Testing

/// Objects and arrays: exact accept/reject lists, including the member-order rule.
@Suite struct ContainerTests {
  @Test func propertiesInDefinitionOrder() throws {
    let schema = #"{"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}, "required": ["b"]}"#
    try checkLanguage(
      schema,
      accept: [#"{"b": "x"}"#, #"{"a": 1, "b": "x"}"#, #"{"a":1,"b":"x","c":[1]}"#, "{\n  \"a\": 1,\n  \"b\": \"\"\n}"],
      reject: [#"{"a": 1}"#, "{}", #"{"a": "1", "b": "x"}"#, #"{"b": "x", "a": 1}"#, #"{"a": 1, "a": 2, "b": "x"}"#])
    // Escaped member names are the same names.
    try checkLanguage(schema, accept: [#"{"\u0061": 1, "\u0062": "x"}"#], reject: [])
  }

  @Test func additionalAndPatternProperties() throws {
    try checkLanguage(
      #"{"properties": {"a": {}}, "additionalProperties": false}"#, accept: ["{}", #"{"a": [1]}"#, "1"],
      reject: [#"{"b": 1}"#, #"{"a": 1, "b": 1}"#])
    try checkLanguage(
      #"{"properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}}"#,
      accept: [#"{"a": "x", "b": 1, "c": 2}"#, #"{"z": 3}"#], reject: [#"{"b": "x"}"#, #"{"a": 1}"#])
    let pp = #"{"properties": {"x_id": {"type": "string"}}, "patternProperties": {"^x_": {"type": "integer"}, "_y$": {"type": "boolean"}}, "additionalProperties": false}"#
    try checkLanguage(
      pp, accept: [#"{"x_n": 1}"#, #"{"a_y": true}"#, "{}"],
      reject: [#"{"x_id": "s"}"#, #"{"x_id": 1}"#, #"{"x_y": 1}"#, #"{"x_y": true}"#, #"{"q": 1}"#, #"{"x_n": "1"}"#])
    try checkLanguage(
      #"{"propertyNames": {"maxLength": 2}}"#, accept: [#"{"ab": 1}"#, "{}", #"{"a": 1, "bc": 2}"#],
      reject: [#"{"abc": 1}"#])
  }

  @Test func propertyCountsAndDependencies() throws {
    try checkLanguage(
      #"{"minProperties": 2, "maxProperties": 3}"#, accept: [#"{"a": 1, "b": 2}"#, #"{"a": 1, "b": 2, "c": 3}"#],
      reject: ["{}", #"{"a": 1}"#, #"{"a": 1, "b": 2, "c": 3, "d": 4}"#])
    try checkLanguage(
      #"{"properties": {"a": {}, "b": {}, "c": {}}, "dependentRequired": {"a": ["c"], "c": ["b"]}}"#,
      accept: ["{}", #"{"b": 1}"#, #"{"b": 1, "c": 1}"#, #"{"a": 1, "b": 1, "c": 1}"#],
      reject: [#"{"a": 1}"#, #"{"a": 1, "c": 1}"#, #"{"c": 1}"#])
    try checkLanguage(
      #"{"dependentSchemas": {"a": {"required": ["b"]}}}"#, accept: ["{}", #"{"b": 1}"#, #"{"a": 1, "b": 2}"#],
      reject: [#"{"a": 1}"#])
  }

  @Test func arrays() throws {
    try checkLanguage(
      #"{"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3}"#,
      accept: ["[1]", "[1, 2, 3]", "[ 1 ,2 ]"], reject: ["[]", "[1, 2, 3, 4]", "[1, \"a\"]", "[1,]"])
    try checkLanguage(
      #"{"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}"#,
      accept: ["[]", #"["a"]"#, #"["a", 1]"#], reject: [#"["a", 1, 2]"#, "[1]", #"["a", "b"]"#])
    try checkLanguage(
      ##"{"$schema": "http://json-schema.org/draft-07/schema#", "items": [{"type": "string"}], "additionalItems": {"type": "integer"}}"##,
      accept: [#"["a", 1, 2]"#, "[]"], reject: [#"["a", "b"]"#, "[1]"])
    try checkLanguage(
      #"{"type": "array", "contains": {"const": 5}, "minContains": 2, "maxContains": 3}"#,
      accept: ["[5, 5]", "[1, 5, 2, 5, 5]", "[5, 5.0, 0]"], reject: ["[5]", "[]", "[5, 5, 5, 5]", "[1, 2]"])
    try checkLanguage(#"{"contains": {"type": "null"}}"#, accept: ["[null]", "[1, null]", "{}"], reject: ["[]", "[1]"])
    try checkLanguage(
      #"{"type": "array", "maxItems": 1, "uniqueItems": true}"#, accept: ["[]", "[1]"], reject: ["[1, 2]"])
  }

  @Test func freeFormNestingIsBounded() throws {
    var o = CompileOptions()
    o.maxNestingDepth = 2
    try checkLanguage(#"{}"#, accept: ["[[1]]", #"{"a": []}"#], reject: ["[[[1]]]"], options: o)
  }

  @Test func whitespaceOptions() throws {
    var compact = CompileOptions()
    compact.whitespace = .compact
    try checkLanguage(#"{"type": "array"}"#, accept: ["[1,2]"], reject: ["[1, 2]", " [1]"], options: compact)
    var bounded = CompileOptions()
    bounded.whitespace = .bounded(maxRun: 1)
    try checkLanguage(#"{"type": "array"}"#, accept: ["[1, 2]"], reject: ["[1,  2]"], options: bounded)
  }
}
