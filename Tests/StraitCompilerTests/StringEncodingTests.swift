import StraitCompiler
import StraitJSON
import Foundation
import Testing

/// Every JSON encoding of every ASCII character is accepted inside a string literal
/// (`const`, property names), and nothing else is: the encoder builds single ASCII
/// characters on a fast path that must keep the language of the general construction.
@Suite struct StringEncodingTests {
  /// The texts `"x<c>y"` in every encoding of `c` RFC 8259 allows.
  static func encodings(of c: UInt32) -> [String] {
    var bodies: [String] = []
    if c >= 0x20 && c != 0x22 && c != 0x5C { bodies.append(String(UnicodeScalar(UInt8(c)))) }
    let short: [UInt32: String] = [0x22: "\\\"", 0x5C: "\\\\", 0x2F: "\\/", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"]
    if let s = short[c] { bodies.append(s) }
    let hex = String(c, radix: 16)
    let padded = String(repeating: "0", count: 4 - hex.count) + hex
    bodies.append("\\u" + padded.lowercased())
    bodies.append("\\u" + padded.uppercased())
    bodies.append("\\U" + padded)  // invalid: marked below
    return bodies.map { "\"x\($0)y\"" }
  }

  @Test func everyASCIICharacterInEveryEncoding() throws {
    for c in UInt32(0)..<0x80 {
      var key = "x"
      key.unicodeScalars.append(UnicodeScalar(UInt8(c)))
      key += "y"
      let schema = #"{"const": "# + JSONSerializer.quote(key) + "}"
      let g = try SchemaCompiler.compile(schemaText: schema)
      let texts = Self.encodings(of: c)
      for text in texts.dropLast() {
        #expect(try g.match(Array(text.utf8)).accepted, "\(schema) should accept \(text)")
      }
      // `\U` is not an escape; the neighbouring code point is another string; raw
      // control characters, `"` and `\` must be escaped.
      #expect(try !g.match(Array(texts.last!.utf8)).accepted)
      let other = String(format: "\"x\\u%04xy\"", (c + 1) % 0x80)
      #expect(try !g.match(Array(other.utf8)).accepted, "\(schema) should reject \(other)")
      if c < 0x20 || c == 0x22 || c == 0x5C {
        var raw = Array("\"x".utf8)
        raw.append(UInt8(c))
        raw += Array("y\"".utf8)
        #expect(try !g.match(raw).accepted, "\(schema) should reject the raw byte \(c)")
      }
    }
  }

  @Test func propertyNamesAcceptEscapedSpellings() throws {
    let g = try SchemaCompiler.compile(
      schemaText: #"{"type":"object","properties":{"a/b":{"type":"integer"}},"required":["a/b"],"additionalProperties":false}"#)
    for text in [#"{"a/b":1}"#, #"{"a\/b":1}"#, #"{"\u0061\u002Fb":1}"#, #"{"\u0061\u002fb": 1}"#] {
      #expect(try g.match(Array(text.utf8)).accepted, "should accept \(text)")
    }
    for text in [#"{"a\\b":1}"#, #"{"ab":1}"#, #"{"\u0062/b":1}"#] {
      #expect(try !g.match(Array(text.utf8)).accepted, "should reject \(text)")
    }
  }

  /// Names that differ in code points but are canonically equivalent Unicode ("é" and
  /// "e\u{301}") are two members to JSON Schema; the compiler's tables are keyed by
  /// `String`, whose equality would merge them, so such a schema is refused at compile
  /// time (never compiled to an automaton that confuses them). One spelling alone compiles
  /// and matches exactly its own bytes.
  @Test func canonicallyEquivalentNamesAreRefused() throws {
    let nfc = JSONSerializer.quote("\u{E9}")
    let nfd = JSONSerializer.quote("e\u{301}")
    let twoMembers = #"{"properties": {"# + nfc + #": {"type": "integer"}, "# + nfd + #": {"type": "string"}}}"#
    let error = compileError(twoMembers)
    #expect(error?.kind == .unsupported)
    #expect(error?.keyword == "properties")
    #expect(error?.message.contains("canonically equivalent") == true)
    // Across keywords and subschemas of one document.
    let required = #"{"properties": {"# + nfc + #": {"type": "integer"}}, "required": ["# + nfd + "]}"
    #expect(compileError(required)?.kind == .unsupported)
    let nested = #"{"allOf": [{"properties": {"# + nfc + #": false}}, {"properties": {"# + nfd + #": true}}]}"#
    #expect(compileError(nested)?.kind == .unsupported)
    let patterns = #"{"properties": {"a": {"pattern": "# + nfc + #"}, "b": {"pattern": "# + nfd + "}}}"
    #expect(compileError(patterns)?.kind == .unsupported)
    try checkLanguage(
      #"{"properties": {"# + nfc + #": {"type": "integer"}}, "additionalProperties": false}"#,
      accept: ["{}", "{" + nfc + ": 1}"],
      reject: ["{" + nfd + ": 1}", "{" + nfc + ": \"x\"}"])
  }
}
