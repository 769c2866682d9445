import StraitCompiler
import Testing

/// Strings, numbers, literals: exact accept/reject lists.
@Suite struct ScalarTests {
  @Test func types() throws {
    try checkLanguage(#"{"type": "null"}"#, accept: ["null", " null\n"], reject: ["nul", "0", "\"null\""])
    try checkLanguage(#"{"type": "boolean"}"#, accept: ["true", "false"], reject: ["True", "1", "null"])
    try checkLanguage(
      #"{"type": ["string", "null"]}"#, accept: [#""a""#, "null"], reject: ["1", "[]", "{}"])
    try checkLanguage(#"true"#, accept: ["1", "[1, {\"a\": null}]", "\"x\"", "{}"], reject: ["", "[", "tru"])
    try checkLanguage(
      #"{}"#, accept: ["-0.5", "[[]]", #"{"a": {"b": [1, 2]}}"#], reject: ["{a: 1}", "[1,]", "01"])
  }

  @Test func stringEscapes() throws {
    // Every JSON encoding of "é😀\n" is one string.
    let schema = #"{"const": "é😀\n\"/"}"#
    try checkLanguage(
      schema,
      accept: [
        #""é😀\n\"/""#, #""\u00e9\ud83d\ude00\u000a\u0022\/""#, #""\u00E9\uD83D\uDE00\n\"/""#,
        #""é\ud83d\uDE00\u000A\"\u002f""#,
      ],
      reject: [#""é😀\n""#, #""e😀\n\"/""#, #""\ud83d""#, "\"é😀\n\\\"/\""])
    try checkLanguage(
      #"{"type": "string"}"#, accept: [#""\b\f\n\r\t\\\/\"""#, #""\uD83D\uDE00""#],
      reject: [#""\ud83d""#, #""\uDE00\uD83D""#, "\"\u{01}\"", #""\x41""#, #""\u12""#, #""abc"#])
  }

  @Test func stringLengthsCountCodePoints() throws {
    try checkLanguage(
      #"{"type": "string", "minLength": 2, "maxLength": 3}"#,
      accept: [#""ab""#, #""😀😀😀""#, #""\u0041\n""#, #""a\ud83d\ude00""#],
      reject: [#""a""#, #""abcd""#, #""😀""#, #""\u0041\u0042\u0043\u0044""#])
  }

  @Test func patternsUseSearchSemantics() throws {
    try checkLanguage(
      #"{"type": "string", "pattern": "[0-9]{3}"}"#, accept: [#""a123b""#, #""1234""#, #""\u0031\u00322x3""#.replacingOccurrences(of: "x", with: "")],
      reject: [#""12a3""#, #""""#])
    try checkLanguage(
      #"{"type": "string", "pattern": "^a\\.b$"}"#, accept: [#""a.b""#, #""\u0061.b""#], reject: [#""axb""#, #""a.bc""#])
    // A pattern with a length bound (intersection).
    try checkLanguage(
      #"{"type": "string", "pattern": "^[a-z]+@[a-z]+$", "maxLength": 5}"#,
      accept: [#""a@b""#, #""ab@cd""#], reject: [#""abc@de""#, #""a@""#])
  }

  @Test func formats() throws {
    try checkLanguage(
      #"{"type": "string", "format": "date"}"#,
      accept: [#""2024-02-29""#, #""2000-02-29""#, #""1999-12-31""#],
      reject: [#""2023-02-29""#, #""1900-02-29""#, #""2024-13-01""#, #""2024-04-31""#, #""24-01-01""#])
    try checkLanguage(
      #"{"format": "date-time"}"#,
      accept: [#""2024-01-01T10:20:30Z""#, #""2024-01-01t10:20:30.5+05:30""#, "1"],
      reject: [#""2024-01-01 10:20:30Z""#, #""2024-01-01T24:00:00Z""#, #""2024-01-01T10:20Z""#])
    try checkLanguage(
      #"{"type": "string", "format": "uuid"}"#, accept: [#""123e4567-e89b-12d3-a456-426614174000""#],
      reject: [#""123e4567e89b12d3a456426614174000""#, #""123e4567-e89b-12d3-a456-42661417400g""#])
    try checkLanguage(
      #"{"type": "string", "format": "ipv4"}"#, accept: [#""192.168.0.1""#, #""0.0.0.0""#],
      reject: [#""256.1.1.1""#, #""01.1.1.1""#, #""1.1.1""#])
    try checkLanguage(
      #"{"type": "string", "format": "ipv6"}"#, accept: [#""::1""#, #""2001:db8::8a2e:370:7334""#, #""::ffff:1.2.3.4""#],
      reject: [#""12345::""#, #""1:2:3:4:5:6:7:8:9""#, #"":::""#])
    try checkLanguage(
      #"{"type": "string", "format": "email"}"#, accept: [#""joe@example.com""#, #""a.b+c@x.co""#],
      reject: [#""joe@""#, #""@x.com""#, #""a..b@x.com""#, #""joe@-x.com""#])
    try checkLanguage(
      #"{"type": "string", "format": "duration"}"#, accept: [#""P1Y2M3DT4H5M6S""#, #""PT1M""#, #""P2W""#],
      reject: [#""P""#, #""PT""#, #""P1Y2D""#, #""P1W2D""#])
    try checkLanguage(
      #"{"type": "string", "format": "uri"}"#, accept: [#""https://example.com/a?b=c#d""#, #""urn:isbn:123""#],
      reject: [#""//example.com""#, #""http://exa mple.com""#, #""example""#])
    // Unknown formats assert nothing.
    try checkLanguage(#"{"type": "string", "format": "int32"}"#, accept: [#""x""#], reject: ["1"])
    // With assertFormat off, formats are annotations.
    var o = CompileOptions()
    o.assertFormat = false
    try checkLanguage(#"{"type": "string", "format": "date"}"#, accept: [#""not a date""#], reject: [], options: o)
  }

  /// `format: "regex"`: the grammar accepts common patterns and rejects what libpcre2
  /// refuses, plus a few valid patterns outside its subset (DifferentialTests checks the
  /// grammar against the validator).
  @Test func regexFormat() throws {
    try checkLanguage(
      #"{"type": "string", "format": "regex"}"#,
      accept: [
        #""^[a-zA-Z0-9_]{3,16}$""#, #""^[a-zA-Z0-9]+$""#, #""^(?:\\d{3}-)?\\d{4}$""#, #""a|b|""#, #""""#,
        #""(a(b(c)))""#, #""(((((a)))))""#, #""[.]""#, #""[-a-z0-9]""#, #""[a-z0-9-_]""#, #""[A-z]""#,
        #""^(?=.*[A-Z])(?!.*\\s).{8,}$""#, #""/{env}/x}]""#, #""\\u00e9+?é[^ü]""#, #""a{0,12}b{2,}?c{10,200}""#,
        #""\\bfoo\\B$^""#, #""(?:)*()+(|)?""#, #""[\\s\\S\\-\\]\\\\]""#, #""\\x41\\uFFFF\\/\\-""#,
      ],
      reject: [
        #""*a""#, #""a{3,2}""#, #""[z-a]""#, #""(abc""#, #""a)""#, #""\\1""#, #""[\\d-z]""#, #""a**""#,
        #""^*""#, #""\\b+""#, #""(*a)""#, #""[..]""#, #""[:alpha:]""#, #""[.\\.]""#, #""\\ud800""#,
        #""a{65536}""#, #""(?<n>a)""#, #""(?<=a)b""#, #""[]""#, #""\\k<n>""#, #""\\p{L}""#, #""\\c""#,
        #""a{""#, #""x{2}{3}""#,
        // Valid, but outside the subset: nesting over 5, a quantified lookahead, a group
        // repeated more than once (PCRE2 copies it), a lookahead holding a group, a PCRE2 verb.
        #""(*ACCEPT)""#, #""((((((a))))))""#, #""(?=a)*""#, #""(ab){2}""#, #""(?=(a))""#,
      ])
  }

  @Test func integers() throws {
    try checkLanguage(
      #"{"type": "integer"}"#, accept: ["0", "-0", "12", "12.0", "-3.000"],
      reject: ["1.5", "0.1", "1e2", "01", "+1", "1.", ".5"])
    // Draft 4: only plain integer literals.
    try checkLanguage(
      #"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer"}"#, accept: ["12", "-0"],
      reject: ["12.0", "1.5"])
  }

  @Test func bounds() throws {
    try checkLanguage(
      #"{"type": "number", "minimum": -2.5, "exclusiveMaximum": 10}"#,
      accept: ["-2.5", "-2.50", "-2.4999", "0", "-0", "9.999999", "3"],
      reject: ["-2.5001", "-3", "10", "10.0", "11", "100"])
    try checkLanguage(
      #"{"type": "integer", "minimum": 5, "maximum": 120}"#, accept: ["5", "5.0", "99", "120", "120.00"],
      reject: ["4", "4.99", "121", "120.5", "1000", "-5"])
    try checkLanguage(
      #"{"type": "number", "exclusiveMinimum": 0, "maximum": 0.25}"#,
      accept: ["0.001", "0.25", "0.250", "0.1"], reject: ["0", "0.0", "-0", "0.2500001", "1"])
    try checkLanguage(
      #"{"type": "number", "minimum": -100, "maximum": -10}"#, accept: ["-10", "-100", "-55.5", "-10.0"],
      reject: ["-9.99", "-100.01", "0", "10", "-0"])
    try checkLanguage(
      #"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "minimum": 1, "exclusiveMinimum": true}"#,
      accept: ["1.0001", "2"], reject: ["1", "1.0", "0.5"])
    try checkLanguage(
      #"{"type": "integer", "minimum": 18446744073709551616}"#, accept: ["18446744073709551616", "99999999999999999999"],
      reject: ["18446744073709551615", "1"])
  }

  @Test func multipleOf() throws {
    try checkLanguage(
      #"{"type": "number", "multipleOf": 0.01}"#, accept: ["1", "1.5", "-2.25", "3.10", "0.010"],
      reject: ["1.005", "0.001", "3.141"])
    try checkLanguage(
      #"{"type": "integer", "multipleOf": 7}"#, accept: ["0", "7", "-14", "700", "63.0"], reject: ["1", "8", "71", "7.5"])
    try checkLanguage(
      #"{"type": "number", "multipleOf": 2.5}"#, accept: ["0", "2.5", "5", "-7.5", "12.50"], reject: ["1", "2.4", "6"])
    try checkLanguage(
      #"{"type": "integer", "multipleOf": 10, "minimum": 0}"#, accept: ["0", "10", "120"], reject: ["5", "-10", "15"])
    try checkLanguage(
      #"{"type": "number", "multipleOf": 0.01, "minimum": 0, "maximum": 1}"#, accept: ["0", "0.99", "1", "0.5"],
      reject: ["1.01", "0.001", "-0.01"])
  }

  @Test func enumAndConstCompareAsJSON() throws {
    try checkLanguage(
      #"{"enum": [1, "a", null, [1, 2], {"x": 1.5}]}"#,
      accept: ["1", "1.0", "1.00", #""a""#, #""\u0061""#, "null", "[1, 2]", "[1.0,2]", #"{"x": 1.50}"#],
      reject: ["2", "true", "[2, 1]", #"{"x": 1.5, "y": 1}"#, #""b""#, "1e0"])
    try checkLanguage(#"{"const": 0}"#, accept: ["0", "-0", "0.0", "-0.000"], reject: ["1", "0.1"])
    try checkLanguage(
      #"{"type": "string", "maxLength": 2, "enum": ["ab", "abc", 1]}"#, accept: [#""ab""#], reject: [#""abc""#, "1"])
  }
}
