import StraitCompiler
import Testing

@Suite struct SmokeTests {
  @Test func basics() throws {
    try checkLanguage(#"{"type": "integer"}"#, accept: ["1", "-0", "10.0", "1e2", " 5 "], reject: ["1.5", "\"a\"", "01"])
    try checkLanguage(#"{"type": "string", "maxLength": 2}"#, accept: [#""ab""#, #""\u0061b""#, #""😀""#], reject: [#""abc""#])
    try checkLanguage(
      #"{"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}, "required": ["a"]}"#,
      accept: [#"{"a": 1}"#, #"{"a": 1, "b": "x"}"#, #"{"a":1,"b":"x","c":null}"#],
      reject: [#"{"b": "x"}"#, #"{"a": "1"}"#, "{}"])
  }
}
